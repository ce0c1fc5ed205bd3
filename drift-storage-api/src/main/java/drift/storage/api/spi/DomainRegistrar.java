package drift.storage.api.spi;

import drift.storage.api.SqlDialect;

import drift.storage.api.RowType;
import drift.storage.api.SqlReader;
import drift.storage.api.SqlWriter;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/** What a domain contributes, called once per domain when a database opens. */
public interface DomainRegistrar {
    /**
     * The SQL of the engine the database opens with: a domain registers that dialect's migrations (kept by
     * convention in a resource folder named {@link SqlDialect#folder()}) and may pick dialect-specific SQL.
     */
    SqlDialect dialect();

    /** A schema migration; versions start at 1 and increase by 1. */
    void migration(Migration migration);

    /** Accepts rows of {@code type} in the batch writer, written by {@code handler}. */
    <R> void rows(RowType<R> type, BatchHandler<R> handler);

    /** A named read query (reachable generically, e.g. from the CLI). */
    void query(NamedQuery query);

    /** The domain's section of the status report: ordered figures, plain values or nested maps. */
    void status(Function<SqlReader, Map<String, Object>> section);

    /**
     * Deletes all of the domain's scan data (the schema stays); runs inside a transaction. A
     * {@link drift.storage.api.ScanMode#REPLACE replacing} scan runs it first. Decisions a person made
     * (a review status, say) are not scan data and should stay.
     */
    void clear(Consumer<SqlWriter> clearer);

    /**
     * Declares which rows of one of the domain's tables belong to which file (or to which scan); the
     * engine removes and replaces them when scans change files. One line per table (or per parent of a table).
     */
    void scope(TableScope scope);

    /**
     * A step run in the writer's transaction just before the engine removes rows of the domain's scoped
     * tables, to keep derived state (counters, a full-text index) in step. Not run for {@link #clear}.
     */
    void beforeRemoval(BiConsumer<SqlWriter, Removal> hook);

    /** A dataset file the domain can import, one record per line. */
    <R> void importer(DatasetImporter<R> importer);

    /**
     * A step to run at the end of every scan, inside its transaction, after its rows and removals (call
     * resolution, say; {@link SqlWriter#scan()} tells what the scan was); also run by
     * {@link drift.storage.api.DatabaseManager#runAfterImport()}. Returns a one-line summary of what it did.
     */
    void afterImport(Function<SqlWriter, String> step);
}
