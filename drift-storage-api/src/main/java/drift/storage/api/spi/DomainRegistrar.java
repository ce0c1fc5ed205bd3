package drift.storage.api.spi;

import drift.storage.api.RowType;
import drift.storage.api.SqlReader;
import drift.storage.api.SqlWriter;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** What a domain contributes, called once per domain when a database opens. */
public interface DomainRegistrar {
    /** A schema migration; versions start at 1 and increase by 1. */
    void migration(Migration migration);

    /** Accepts rows of {@code type} in the batch writer, written by {@code handler}. */
    <R> void rows(RowType<R> type, BatchHandler<R> handler);

    /** A named read query (reachable generically, e.g. from the CLI). */
    void query(NamedQuery query);

    /** The domain's section of the status report: ordered figures, plain values or nested maps. */
    void status(Function<SqlReader, Map<String, Object>> section);

    /** Deletes all of the domain's rows (the schema stays); runs inside a transaction. */
    void clear(Consumer<SqlWriter> clearer);

    /** A dataset file the domain can import, one record per line. */
    <R> void importer(DatasetImporter<R> importer);

    /**
     * A step to run once a dataset import has committed (call resolution, say); returns a one-line
     * summary of what it did.
     */
    void afterImport(Function<SqlWriter, String> step);
}
