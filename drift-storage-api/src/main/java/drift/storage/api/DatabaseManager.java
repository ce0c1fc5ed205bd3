package drift.storage.api;

import drift.storage.api.spi.DatasetImporter;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.StorageEngine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * An open drift database: one writer, a pool of readers, the installed domains' schemas migrated.
 * Reads run on the read pool, writes on the single writer thread; handles live only inside the
 * callback they are passed to. Thread-safe. Close it to drain the batch writer, checkpoint and leave no
 * {@code -wal}/{@code -shm} files behind.
 */
public interface DatabaseManager extends AutoCloseable {

    /**
     * Opens (creating when allowed) the database with the storage engine and every domain found by
     * {@link ServiceLoader}. Two domains with one id stop the open with an error naming both modules.
     */
    static DatabaseManager open(DatabaseConfig config) {
        return open(config, discoverDomains());
    }

    /** Opens the database with exactly the given domains (library use). */
    static DatabaseManager open(DatabaseConfig config, List<? extends StorageDomain> domains) {
        return engine(config).open(config, checkUnique(domains));
    }

    /** Opens {@code path} with the default configuration and every installed domain. */
    static DatabaseManager open(Path path) {
        return open(DatabaseConfig.defaults(path));
    }

    /** Every domain on the module path (or class path), sorted by id; duplicate ids are an error. */
    static List<StorageDomain> discoverDomains() {
        List<StorageDomain> found = new ArrayList<>();
        ServiceLoader.load(StorageDomain.class, DatabaseManager.class.getClassLoader()).forEach(found::add);
        return checkUnique(found);
    }

    private static List<StorageDomain> checkUnique(List<? extends StorageDomain> domains) {
        Map<String, StorageDomain> byId = new HashMap<>();
        for (StorageDomain d : domains) {
            RowType.requireId("domain id", d.id());
            Module module = d.getClass().getModule();
            if (module.isNamed() && module.getDescriptor() != null
                    && module.getDescriptor().requires().stream().anyMatch(r -> r.name().equals("java.sql"))) {
                // a domain reads and writes through this API only: with JDBC it could open connections of its own
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "domain '" + d.id() + "' (module " + module.getName()
                        + ") requires java.sql: a domain reads and writes through drift.storage.api alone; remove it from the module path");
            }
            StorageDomain other = byId.putIfAbsent(d.id(), d);
            if (other != null) {
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "two domains have the id '" + d.id()
                        + "': " + origin(other) + " and " + origin(d) + "; remove one of them");
            }
        }
        List<StorageDomain> sorted = new ArrayList<>(domains);
        sorted.sort(Comparator.comparing(StorageDomain::id));
        return List.copyOf(sorted);
    }

    private static String origin(StorageDomain d) {
        Module m = d.getClass().getModule();
        return d.getClass().getName() + " in module " + (m.isNamed() ? m.getName() : "(unnamed)");
    }

    /**
     * The repositories of the store {@code config} names (its repository setting aside), sorted: every schema of a
     * server's database that holds a drift store; {@code default} for a file that exists.
     */
    static List<String> repositories(DatabaseConfig config) {
        return engine(config).repositories(config);
    }

    private static StorageEngine engine(DatabaseConfig config) {
        List<StorageEngine> engines = new ArrayList<>();
        ServiceLoader.load(StorageEngine.class, DatabaseManager.class.getClassLoader()).forEach(engines::add);
        engines.sort(Comparator.comparing(StorageEngine::id));
        for (StorageEngine e : engines) {
            if (e.accepts(config)) {
                return e;
            }
        }
        String needed = !config.isServer() ? "drift-storage-sqlite" : config.url().startsWith("jdbc:postgresql:")
                ? "drift-storage-postgres" : "an engine for " + config.url().replaceFirst("^(jdbc:[^:]*:).*", "$1") + " URLs";
        throw new StorageException(engines.isEmpty() ? StorageErrorCode.INTERNAL : StorageErrorCode.INVALID_ARGUMENT,
                "no installed storage engine opens " + config.location() + ": put "
                + needed + " on the module path (installed: " + engines.stream().map(StorageEngine::id).toList() + ")");
    }

    /**
     * The repository this database answers for: scans write to it and queries read it. A server's database holds many
     * (each a schema of its own on PostgreSQL); a file holds one, called {@code default}.
     */
    default String repository() {
        return "default";
    }

    /**
     * Every repository the database holds, sorted; open one with {@link DatabaseConfig.Builder#repository}. To ask
     * across all of them, ask each (their graphs are separate: a call never crosses repositories).
     */
    default List<String> repositories() {
        return repositories(config());
    }

    /** The configuration this database was opened with (the path made absolute). */
    DatabaseConfig config();

    /**
     * The installed domains with their schema versions, sorted by id; then the domains the database holds whose
     * modules are not installed ({@link DomainInfo#installed()} false), with their tables.
     */
    List<DomainInfo> domains();

    /** Whether a domain with this id is installed. */
    default boolean hasDomain(String id) {
        return domains().stream().anyMatch(d -> d.installed() && d.id().equals(id));
    }

    /** Runs {@code work} on a pooled read-only connection, in one read transaction (one snapshot). */
    <T> T read(Function<SqlReader, T> work);

    /**
     * Runs {@code work} on the writer thread in one transaction, after every row submitted to the batch
     * writer before it; commits when it returns, rolls back when it throws.
     */
    <T> T write(Function<SqlWriter, T> work);

    /** The batch writer of this database (one per database, shared by all producers). */
    WriteBatch batch();

    /** Runs a WAL checkpoint. */
    CheckpointResult checkpoint(CheckpointMode mode);

    /** Hot backup to a new file, consistent while writes go on. Refuses to overwrite an existing file. */
    BackupResult backup(Path destination);

    /**
     * Runs one read-only statement with bound parameters on the read pool. Writes, ATTACH, PRAGMA
     * changes and several statements are refused ({@code QUERY_REJECTED}); a query over the configured
     * budget is interrupted ({@code QUERY_TIMEOUT}).
     */
    RawResult executeRaw(String sql, Object... params);

    /**
     * {@link #executeRaw}, streaming: each row goes to {@code sink} as it is read, so a result of any size runs in
     * flat memory; the sink may stop early. The query budget counts SQLite's time only, not the sink's.
     */
    void streamRaw(String sql, List<?> params, RawRowSink sink);

    /**
     * Checks the store: SQLite's integrity check of the whole file (full-text indexes included) on a connection of
     * its own, each domain's schema version in the file against its installed code, and indexes a bulk load left.
     */
    CheckReport check();

    /** The status report of every installed domain plus the last scan. */
    StatusReport status();

    /**
     * Begins a scan: one unit of work that commits whole or not at all (see {@link ScanSession}). The scan
     * is bound to the calling thread: writes made from it through {@link #batch()}, {@link #write} or a
     * domain's facade become part of the scan; writes from other threads wait until it ends. One scan at a
     * time per database.
     *
     * @throws StorageException INVALID_ARGUMENT when the request names a domain that is not installed, or
     *         this thread already has a scan open
     */
    ScanSession beginScan(ScanRequest request);

    /** The last committed scan: what the store holds now. Failed and abandoned scans are never it. */
    Optional<ScanInfo> lastScan();

    /**
     * The id of {@link #lastScan()}, 0 before the first: one indexed lookup, for callers that only need to know
     * whether another scan has committed since (page cursors, caches).
     */
    long lastScanId();

    /** The store's current {@link SqlReader#dataVersion() data version}: it moves on with every committed write. */
    long dataVersion();

    /** The scan history, newest first: at most {@code limit} scans, whatever their outcome. */
    List<ScanInfo> scans(int limit);

    /** Platform metadata value. */
    Optional<String> metadata(String key);

    /** Sets a platform metadata value. */
    void putMetadata(String key, String value);

    /**
     * Starts a bulk load, for writing a whole scan into empty tables (a first import, or one after
     * {@link #clearDomain}): until the load is closed, the non-unique indexes of every table that is empty
     * now are not kept current row by row, and closing it builds each with one sort. A row-by-row index
     * insert lands at a random place of an index that grows with the data, which is what made bulk writes
     * grow faster than the data; a build after the load costs a sort. Rows written meanwhile are committed
     * and readable as usual, found by slower plans while their indexes wait. If the process stops before
     * the load closes, the next writable open builds the waiting indexes. One bulk load at a time.
     *
     * @throws StorageException INVALID_ARGUMENT while another bulk load of this database is open
     */
    BulkLoad bulkLoad();

    /** Deletes every row of one domain (its schema stays), in one transaction. */
    void clearDomain(String domainId);

    /** Runs a domain's named read query; arguments by name. */
    List<Map<String, Object>> query(String domainId, String queryName, Map<String, String> arguments);

    /** Every named read query of the installed domains, by domain id and then name. */
    List<QueryInfo> queries();

    /** The dataset files the installed domains can import, in import order. */
    List<DatasetImporter<?>> importers();

    /**
     * Runs every domain's end-of-scan steps (call resolution, say) outside a scan, each in its own
     * transaction after all submitted rows, as if for the whole store; returns one summary line per step.
     * A scan runs them itself when it commits.
     */
    List<String> runAfterImport();

    /** Drains the batch writer, closes readers, checkpoints and closes the writer. */
    @Override
    void close();
}
