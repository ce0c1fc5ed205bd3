package drift.storage.jdbc;

import drift.storage.api.BulkLoad;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseLocal;
import drift.storage.api.DatabaseManager;
import drift.storage.api.DomainInfo;
import drift.storage.api.RawResult;
import drift.storage.api.QueryInfo;
import drift.storage.api.RawRowSink;
import drift.storage.api.RowType;
import drift.storage.api.ScanInfo;
import drift.storage.api.ScanRequest;
import drift.storage.api.ScanSession;
import drift.storage.api.SchemaTooNewException;
import drift.storage.api.SqlReader;
import drift.storage.api.SqlWriter;
import drift.storage.api.StatusReport;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.WriteBatch;
import drift.storage.api.spi.BatchHandler;
import drift.storage.api.spi.DatasetImporter;
import drift.storage.api.spi.NamedQuery;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The {@link DatabaseManager} of a JDBC engine: owns the writer connection (used only by the {@link WriterThread}),
 * the read connections and the installed domains' contributions, and does everything that is the same on every
 * engine (scans, batches, domains, status). An engine adds how a store is opened, checked, backed up and closed.
 */
public abstract class JdbcDatabase implements DatabaseManager {
    protected final Platform platform;
    protected final DatabaseConfig config;
    private final List<DomainContribution> domains;
    private final Map<String, Integer> versions;
    protected final Connection writerConnection;
    private final WriterThread writer;
    private final JdbcWriteBatch batch;
    protected final ReadConnections readers;
    private volatile boolean closed;
    private JdbcBulkLoad bulkLoad;
    /** The scan each thread has open on this database (a thread's writes belong to its scan). */
    private final ThreadLocal<JdbcScanSession> bound = new ThreadLocal<>();
    private final java.util.Set<JdbcScanSession> openScans = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The read side's shared state of the domains ({@link SqlReader#local}). */
    private final Map<DatabaseLocal<?>, Object> locals = new java.util.concurrent.ConcurrentHashMap<>();
    /** Indexes a bulk load left waiting, as a read-only open found them (a writable open builds them). */
    protected long indexesWaitingAtOpen;

    /**
     * A database over migrated connections; with a writer connection, its writer thread starts here.
     *
     * @param writerConnection the writer, or null when opened read-only
     * @param afterCommit run on the writer thread after every commit (a checkpoint's nudge), or null
     */
    protected JdbcDatabase(Platform platform, DatabaseConfig config, List<DomainContribution> domains, Map<String, Integer> versions,
                           Connection writerConnection, ReadConnections readers, Runnable afterCommit) {
        this.platform = platform;
        this.config = config;
        this.domains = domains;
        this.versions = versions;
        this.writerConnection = writerConnection;
        this.readers = readers;
        if (writerConnection != null) {
            Map<RowType<?>, BatchHandler<?>> handlers = new LinkedHashMap<>();
            domains.forEach(d -> handlers.putAll(d.handlers));
            this.writer = new WriterThread(platform, writerConnection, locals, new ScanWork(domains, new TableScopes(domains,
                    platform.dialect())), config.batchQueueCapacity(), config.batchFlushRows(), config.batchFlushInterval());
            this.batch = new JdbcWriteBatch(writer, handlers, this::boundScan);
            if (afterCommit != null) {
                writer.afterCommit(afterCommit);
            }
            writer.start();
        } else {
            this.writer = null;
            this.batch = null;
        }
    }

    /** Where the store is, for messages: its file, or its server and database. */
    protected abstract String location();

    protected final void ensureOpen() {
        if (closed) {
            throw new StorageException(StorageErrorCode.CLOSED, "database " + location() + " is closed");
        }
    }

    private void ensureWritable() {
        ensureOpen();
        if (writer == null) {
            throw new StorageException(StorageErrorCode.READ_ONLY, "database " + location() + " was opened read-only");
        }
    }

    @Override
    public DatabaseConfig config() {
        return config;
    }

    /** From the installed contributions alone: every domain's store asks this on each use, {@link #domains()} reads the catalogue. */
    @Override
    public boolean hasDomain(String id) {
        return !id.equals("core") && domains.stream().anyMatch(d -> d.id.equals(id));
    }

    @Override
    public List<DomainInfo> domains() {
        List<DomainInfo> out = new ArrayList<>();
        for (DomainContribution d : domains) {
            if (d.id.equals("core")) {
                continue;
            }
            out.add(new DomainInfo(d.id, d.description, d.module, versions.getOrDefault(d.id, 0), d.latestVersion(),
                    d.handlers.keySet().stream().map(RowType::name).toList(), List.copyOf(d.queries.keySet()),
                    d.importers.stream().map(DatasetImporter::fileName).toList(), true, List.of()));
        }
        // the database's tables of each domain, and the domains it holds whose modules are gone
        read(r -> {
            Map<String, List<String>> tables = tablesByDomain(r);
            for (int i = 0; i < out.size(); i++) {
                DomainInfo d = out.get(i);
                out.set(i, new DomainInfo(d.id(), d.description(), d.module(), d.schemaVersion(), d.latestVersion(), d.rowTypes(),
                        d.queries(), d.importFiles(), true, tables.getOrDefault(d.id(), List.of())));
            }
            r.forEach("SELECT domain, version FROM drift_schema WHERE domain <> 'core' ORDER BY domain", row -> {
                String id = row.getString(1);
                if (domains.stream().noneMatch(d -> d.id.equals(id))) {
                    out.add(new DomainInfo(id, "not installed: its module is not on the module path; its data is kept",
                            "(not installed)", (int) row.getLong(2), 0, List.of(), List.of(), List.of(), false,
                            tables.getOrDefault(id, List.of())));
                }
                return true;
            });
            return null;
        });
        return out;
    }

    /** The tables of each domain the database records, by their prefix ({@code <id>_}). */
    private Map<String, List<String>> tablesByDomain(SqlReader r) {
        List<String> ids = r.list("SELECT domain FROM drift_schema WHERE domain <> 'core' ORDER BY length(domain) DESC",
                row -> row.getString(1));
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String t : platform.tables(r)) {
            // the longest id whose prefix it has: a table of 'patterns_extra' is not one of 'patterns'
            ids.stream().filter(id -> t.startsWith(id + "_")).findFirst().ifPresent(id -> out.computeIfAbsent(id, k -> new ArrayList<>()).add(t));
        }
        return out;
    }

    @Override
    public <T> T read(Function<SqlReader, T> work) {
        ensureOpen();
        try (Connection c = readers.get()) {
            boolean done = false;
            try {
                T result = work.apply(new JdbcReader(platform, c, locals, readers.statements(c)));
                c.commit();
                done = true;
                return result;
            } finally {
                if (!done) {
                    // the kept statements run on the connection itself, out of the pool's sight: end the snapshot here
                    rollbackQuietly(c);
                }
            }
        } catch (SQLException e) {
            throw Errors.wrap("read failed", e, StorageErrorCode.BUSY);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is given back either way; the pool or the close ends what is left
        }
    }

    @Override
    public <T> T write(Function<SqlWriter, T> work) {
        return submit(work, true);
    }

    /** Runs {@code work} on the writer thread: in a transaction of its own, or (not transactional) as it is. */
    protected final <T> T submit(Function<SqlWriter, T> work, boolean transactional) {
        ensureWritable();
        if (writer.isWriterThread()) {
            throw new IllegalStateException("write() called from inside a write or batch handler: use the SqlWriter you were given");
        }
        JdbcScanSession scan = bound.get();
        if (scan != null) {
            if (!transactional) {
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "scan " + scan.id() + " is open on this thread: "
                        + "checkpoints wait until it has committed");
            }
            return scan.write(work);
        }
        batch.submitSingles(null);
        CompletableFuture<T> result = new CompletableFuture<>();
        writer.submit(new WriterThread.Task<>(work, result, transactional, null));
        return JdbcWriteBatch.result(result);
    }

    /** The scan bound to the calling thread, if any. */
    ScanState boundScan() {
        JdbcScanSession s = bound.get();
        return s == null ? null : s.state;
    }

    JdbcWriteBatch batchWriter() {
        return batch;
    }

    /** The session no longer binds its thread. */
    void unbind(JdbcScanSession session) {
        openScans.remove(session);
        if (bound.get() == session) {
            bound.remove();
        }
    }

    @Override
    public ScanSession beginScan(ScanRequest request) {
        java.util.Objects.requireNonNull(request, "request");
        ensureWritable();
        if (bound.get() != null) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "scan " + bound.get().id()
                    + " is already open on this thread; commit or close it first");
        }
        synchronized (this) {
            if (bulkLoad != null) {
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "a bulk load is open; close it before a scan "
                        + "(a scan puts off the indexes of empty tables itself)");
            }
        }
        List<String> installed = domains().stream().map(DomainInfo::id).toList();
        List<String> covered = new ArrayList<>();
        for (String d : request.domains()) {
            if (!installed.contains(d)) {
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "the scan names domain '" + d
                        + "', which is not installed (installed: " + installed + ")");
            }
            covered.add(d);
        }
        if (covered.isEmpty()) {
            covered.addAll(installed);
        }
        for (String d : covered) {
            checkedDomain(d);
        }
        batch.submitSingles(null);
        ScanState state = new ScanState(request, covered);
        CompletableFuture<Void> begun = new CompletableFuture<>();
        writer.submit(new WriterThread.Begin(state, begun));
        JdbcWriteBatch.result(begun);
        JdbcScanSession session = new JdbcScanSession(this, writer, state);
        bound.set(session);
        openScans.add(session);
        return session;
    }

    @Override
    public BulkLoad bulkLoad() {
        ensureWritable();
        if (bound.get() != null) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "scan " + bound.get().id() + " is open on this thread: "
                    + "a scan puts off the indexes of empty tables itself");
        }
        synchronized (this) {
            if (bulkLoad != null) {
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "a bulk load of " + location()
                        + " is already open; close it first");
            }
            List<String> deferred = write(w -> DeferredIndexes.deferForEmptyTables(platform, w));
            bulkLoad = new JdbcBulkLoad(deferred);
            return bulkLoad;
        }
    }

    /** The open bulk load; closing builds its indexes after everything submitted before has been written. */
    private final class JdbcBulkLoad implements BulkLoad {
        private final List<String> deferred;
        private boolean done;

        JdbcBulkLoad(List<String> deferred) {
            this.deferred = List.copyOf(deferred);
        }

        @Override
        public List<String> deferredIndexes() {
            return deferred;
        }

        @Override
        public void close() {
            synchronized (JdbcDatabase.this) {
                if (done) {
                    return;
                }
                done = true;
                bulkLoad = null;
            }
            try {
                batch.flushAndWait();
            } finally {
                write(DeferredIndexes::buildRecorded);
            }
        }
    }

    @Override
    public WriteBatch batch() {
        ensureWritable();
        return batch;
    }

    /**
     * Streams the rows of {@code rs} to {@code sink}, columns first, until it has no more or the sink wants none;
     * {@code inSink} is told the nanoseconds each row spent in the sink, as they pass (a query's time budget is the
     * engine's, not the sink's).
     */
    protected static void stream(ResultSet rs, RawRowSink sink, java.util.function.LongConsumer inSink) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        sink.columns(List.copyOf(columns));
        JdbcRow row = new JdbcRow(rs);
        while (rs.next()) {
            List<Object> values = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                values.add(row.getObject(i));
            }
            long t0 = System.nanoTime();
            boolean more = sink.row(values);
            inSink.accept(System.nanoTime() - t0);
            if (!more) {
                break;
            }
        }
    }

    @Override
    public RawResult executeRaw(String sql, Object... params) {
        List<String> columns = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        streamRaw(sql, Arrays.asList(params), new RawRowSink() {
            @Override
            public void columns(List<String> names) {
                columns.addAll(names);
            }

            @Override
            public boolean row(List<Object> values) {
                rows.add(values);
                return true;
            }
        });
        return new RawResult(columns, rows);
    }

    @Override
    public StatusReport status() {
        return read(r -> {
            Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
            for (DomainContribution d : domains) {
                if (d.status != null) {
                    sections.put(d.id, behind(d) ? Map.of("schema", "version " + versions.getOrDefault(d.id, 0) + " of "
                            + d.latestVersion() + ": run `drift migrate`") : tooNew(d) ? Map.of("schema", "version "
                            + versions.get(d.id) + " in the database is newer than " + d.module + " knows (" + d.latestVersion()
                            + "): install a newer " + d.module) : d.status.apply(r));
                }
            }
            Map<String, Long> removed = new LinkedHashMap<>();
            r.forEach("SELECT domain, version FROM drift_schema WHERE domain <> 'core' ORDER BY domain", row -> {
                String id = row.getString(1);
                if (domains.stream().noneMatch(d -> d.id.equals(id))) {
                    removed.put(id, row.getLong(2));
                }
                return true;
            });
            if (!removed.isEmpty()) {
                // the schema's table list only when a domain's module is gone (status stays a few index reads)
                Map<String, List<String>> tables = tablesByDomain(r);
                removed.forEach((id, version) -> {
                    Map<String, Object> gone = new LinkedHashMap<>();
                    gone.put("installed", false);
                    gone.put("schema", version);
                    gone.put("tables", tables.getOrDefault(id, List.of()));
                    gone.put("note", "its module is not on the module path: its data is kept, and used again when it is back");
                    sections.put(id, gone);
                });
            }
            JdbcBulkLoad load;
            synchronized (this) {
                load = bulkLoad;
            }
            if (load != null && !load.deferred.isEmpty()) {
                sections.put("store", Map.of("indexes_waiting", (long) load.deferred.size(), "note", "a bulk load is running"));
            } else if (indexesWaitingAtOpen > 0) {
                sections.put("store", Map.of("indexes_waiting", indexesWaitingAtOpen,
                        "note", "a bulk load did not finish; the next open for writing builds them"));
            }
            return new StatusReport(sections, ScanWork.lastCommitted(r));
        });
    }

    @Override
    public Optional<ScanInfo> lastScan() {
        return read(ScanWork::lastCommitted);
    }

    @Override
    public long dataVersion() {
        return read(SqlReader::dataVersion);
    }

    @Override
    public long lastScanId() {
        return read(r -> r.queryLong("SELECT coalesce((SELECT id FROM drift_scan WHERE outcome = 'committed' ORDER BY id DESC LIMIT 1), 0)"));
    }

    @Override
    public List<ScanInfo> scans(int limit) {
        if (limit < 0) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "limit must be >= 0, was " + limit);
        }
        return read(r -> ScanWork.history(r, limit));
    }

    @Override
    public Optional<String> metadata(String key) {
        return read(r -> r.first("SELECT value FROM drift_metadata WHERE key = ?", row -> row.getString(1), key));
    }

    @Override
    public void putMetadata(String key, String value) {
        write(w -> w.update("INSERT INTO drift_metadata(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                + "value = excluded.value, updated_at = " + platform.dialect().nowUtc(), key, value));
    }

    /** A read-only open does not migrate: a domain added or upgraded since the last write is behind. */
    private boolean behind(DomainContribution d) {
        return versions.getOrDefault(d.id, 0) < d.latestVersion();
    }

    private boolean tooNew(DomainContribution d) {
        return versions.getOrDefault(d.id, 0) > d.latestVersion();
    }

    private DomainContribution checkedDomain(String id) {
        DomainContribution d = domain(id);
        if (tooNew(d)) {
            throw new SchemaTooNewException(d.id, d.module, versions.get(d.id), d.latestVersion());
        }
        if (behind(d)) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "domain '" + id + "' has schema version "
                    + versions.getOrDefault(id, 0) + " in " + location() + " but the code needs " + d.latestVersion()
                    + ": open it for writing once (e.g. `drift migrate`)");
        }
        return d;
    }

    private DomainContribution domain(String id) {
        return domains.stream().filter(d -> d.id.equals(id) && !id.equals("core")).findFirst()
                .orElseThrow(() -> new StorageException(StorageErrorCode.NOT_FOUND, "no installed domain '" + id
                        + "' (installed: " + domains().stream().map(DomainInfo::id).toList() + ")"));
    }

    @Override
    public void clearDomain(String domainId) {
        DomainContribution d = domain(domainId);
        if (d.clearer == null) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "domain '" + domainId + "' cannot be cleared");
        }
        write(w -> {
            d.clearer.accept(w);
            return null;
        });
    }

    @Override
    public List<QueryInfo> queries() {
        List<QueryInfo> out = new ArrayList<>();
        for (DomainContribution d : domains) {
            d.queries.values().stream().sorted(Comparator.comparing(NamedQuery::name))
                    .forEach(q -> out.add(new QueryInfo(d.id, q.name(), q.description(), q.parameters())));
        }
        out.sort(Comparator.comparing(QueryInfo::domain));
        return out;
    }

    @Override
    public List<Map<String, Object>> query(String domainId, String queryName, Map<String, String> arguments) {
        DomainContribution d = checkedDomain(domainId);
        NamedQuery q = d.queries.get(queryName);
        if (q == null) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "domain '" + domainId + "' has no query '" + queryName
                    + "' (queries: " + d.queries.keySet() + ")");
        }
        for (String arg : arguments.keySet()) {
            if (!q.parameters().contains(arg)) {
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "query " + domainId + "/" + queryName
                        + " has no parameter '" + arg + "' (parameters: " + q.parameters() + ")");
            }
        }
        return read(r -> q.run().run(r, arguments));
    }

    @Override
    public List<DatasetImporter<?>> importers() {
        List<DatasetImporter<?>> out = new ArrayList<>();
        domains.forEach(d -> out.addAll(d.importers));
        out.sort(Comparator.comparingInt(DatasetImporter::order));
        return out;
    }

    @Override
    public List<String> runAfterImport() {
        List<String> out = new ArrayList<>();
        for (DomainContribution d : domains) {
            for (Function<SqlWriter, String> step : d.afterImport) {
                out.add(d.id + ": " + write(step));
            }
        }
        return out;
    }

    /** Drains the batch writer, rolls back open scans, then closes the engine's connections ({@link #closeConnections}). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        RuntimeException pending = null;
        BulkLoad open;
        synchronized (this) {
            open = bulkLoad;
        }
        if (open != null) {
            // the waiting indexes are built now rather than at the next open
            try {
                open.close();
            } catch (RuntimeException e) {
                pending = e;
            }
        }
        // a scan still open is rolled back: it never committed
        for (JdbcScanSession s : List.copyOf(openScans)) {
            s.abandon();
        }
        bound.remove();
        closed = true;
        if (batch != null) {
            try {
                batch.stop();
                batch.throwFailures();
            } catch (RuntimeException e) {
                pending = addTo(pending, e);
            }
        }
        if (writerConnection != null) {
            writer.closeStatements();
        }
        pending = closeConnections(pending);
        if (pending != null) {
            throw pending;
        }
    }

    /**
     * Closes the readers and the writer connection (null when read-only) once nothing writes any more: what the
     * engine does last (a final checkpoint, a lock given up). Failures are added to {@code pending} with
     * {@link #addTo}, which is returned.
     */
    protected abstract RuntimeException closeConnections(RuntimeException pending);

    /** {@code e} added to the failures so far: the first is thrown, the others suppressed in it. */
    protected static RuntimeException addTo(RuntimeException pending, RuntimeException e) {
        if (pending == null) {
            return e;
        }
        pending.addSuppressed(e);
        return pending;
    }
}
