package drift.storage.sqlite.internal;

import drift.storage.api.BackupResult;
import drift.storage.api.BulkLoad;
import drift.storage.api.CheckpointMode;
import drift.storage.api.CheckpointResult;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.CheckReport;
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
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.StorageDomain;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The SQLite {@link DatabaseManager}: owns the writer connection (used only by the {@link WriterThread}),
 * the HikariCP read pool, the write lock and the installed domains' contributions.
 */
final class SqliteDatabase implements DatabaseManager {
    private final DatabaseConfig config;
    private final List<DomainContribution> domains;
    private final Map<String, Integer> versions;
    private final DatabaseFile.WriteLock lock;
    private final Connection writerConnection;
    private final WriterThread writer;
    private final SqliteWriteBatch batch;
    private final ReadConnections readers;
    private final Checkpointer checkpointer;
    private volatile boolean closed;
    private SqliteBulkLoad bulkLoad;
    /** The scan each thread has open on this database (a thread's writes belong to its scan). */
    private final ThreadLocal<SqliteScanSession> bound = new ThreadLocal<>();
    private final java.util.Set<SqliteScanSession> openScans = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The read side's shared state of the domains ({@link SqlReader#local}). */
    private final Map<DatabaseLocal<?>, Object> locals = new java.util.concurrent.ConcurrentHashMap<>();
    /** Indexes a bulk load left waiting, as a read-only open found them (a writable open builds them). */
    private long indexesWaitingAtOpen;

    private SqliteDatabase(DatabaseConfig config, List<DomainContribution> domains, Map<String, Integer> versions,
                           DatabaseFile.WriteLock lock, Connection writerConnection, ReadConnections readers) {
        this.config = config;
        this.domains = domains;
        this.versions = versions;
        this.lock = lock;
        this.writerConnection = writerConnection;
        this.readers = readers;
        if (writerConnection != null) {
            Map<RowType<?>, BatchHandler<?>> handlers = new LinkedHashMap<>();
            domains.forEach(d -> handlers.putAll(d.handlers));
            this.writer = new WriterThread(writerConnection, locals, new ScanWork(domains, new TableScopes(domains)),
                    config.batchQueueCapacity(), config.batchFlushRows(), config.batchFlushInterval());
            this.batch = new SqliteWriteBatch(writer, handlers, this::boundScan);
            this.checkpointer = new Checkpointer(config, pageSize(writerConnection));
            writer.afterCommit(checkpointer::nudge);
            writer.start();
        } else {
            this.writer = null;
            this.batch = null;
            this.checkpointer = null;
        }
    }

    private static long pageSize(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_size")) {
            return rs.next() ? rs.getLong(1) : 4096;
        } catch (SQLException e) {
            return 4096;
        }
    }

    static SqliteDatabase open(DatabaseConfig config, List<StorageDomain> installed) {
        List<DomainContribution> domains = new ArrayList<>();
        domains.add(DomainContribution.core(List.of(Migration.load(SqliteDatabase.class::getResourceAsStream, 1,
                "platform tables", "core-V1__platform.sql"), Migration.load(SqliteDatabase.class::getResourceAsStream, 2,
                "indexes waiting for a bulk load to end", "core-V2__deferred_indexes.sql"),
                Migration.load(SqliteDatabase.class::getResourceAsStream, 3, "scan history and file manifest",
                        "core-V3__scan_history_and_files.sql"), Migration.load(SqliteDatabase.class::getResourceAsStream, 4,
                        "file interface hashes", "core-V4__file_interface_hash.sql"),
                Migration.load(SqliteDatabase.class::getResourceAsStream, 5, "data version", "core-V5__data_version.sql"))));
        installed.forEach(d -> domains.add(DomainContribution.of(d)));

        DatabaseFile.State state = DatabaseFile.inspect(config);
        if (config.readOnly()) {
            return openReadOnly(config, domains, state);
        }
        if (state == DatabaseFile.State.NEW) {
            DatabaseFile.createParents(config.path());
        } else {
            // what can be refused is refused before anything is created beside the file (a lock, a WAL)
            DatabaseFile.refuseUnwritable(config.path());
            state = refuseEarly(config, domains, state);
        }
        java.nio.file.Path lockPath = DatabaseFile.lockPath(config.path());
        boolean lockExisted = java.nio.file.Files.exists(lockPath);
        DatabaseFile.WriteLock lock = DatabaseFile.lock(config.path());
        Connection writer = null;
        ReadConnections readers = null;
        try {
            if (state == DatabaseFile.State.UNKNOWN) {
                state = askSqlite(config);
            }
            writer = SqliteConnections.openWriter(config);
            if (state == DatabaseFile.State.NEW) {
                try (Statement s = writer.createStatement()) {
                    s.execute("PRAGMA application_id = " + SqliteConnections.APPLICATION_ID);
                }
            }
            // a bulk load cut short left indexes to build; before any migration touches those tables
            buildDeferredIndexes(writer);
            Map<String, Integer> versions = new SchemaMigrator(config, writer).migrate(domains);
            if (state == DatabaseFile.State.NEW) {
                // move the header (application id) from the WAL into the main file right away
                checkpoint(writer, CheckpointMode.TRUNCATE);
            }
            readers = ReadConnections.open(config);
            return new SqliteDatabase(config, List.copyOf(domains), versions, lock, writer, readers);
        } catch (SQLException e) {
            closeAll(readers, writer, lock);
            DatabaseFile.removeLockFile(lockPath, lockExisted);
            throw Errors.wrap("cannot open " + config.path(), e, StorageErrorCode.IO);
        } catch (RuntimeException e) {
            closeAll(readers, writer, lock);
            DatabaseFile.removeLockFile(lockPath, lockExisted);
            throw e;
        }
    }

    /**
     * Refuses a file that is not a drift database, or whose schema is newer than the installed code, looking at
     * it as it is (immutable: nothing is created beside it). When a WAL is pending (another process writes, or one
     * crashed) the file alone does not tell: the checks then run after the lock, as before.
     */
    private static DatabaseFile.State refuseEarly(DatabaseConfig config, List<DomainContribution> domains, DatabaseFile.State state) {
        java.nio.file.Path wal = java.nio.file.Path.of(config.path() + "-wal");
        try {
            if (java.nio.file.Files.exists(wal) && java.nio.file.Files.size(wal) > 0) {
                return state;
            }
        } catch (java.io.IOException e) {
            return state;
        }
        try (Connection c = SqliteConnections.openImmutableInspector(config)) {
            if (state == DatabaseFile.State.UNKNOWN) {
                state = askSqlite(c, config);
            }
            if (state == DatabaseFile.State.DRIFT) {
                SchemaMigrator.refuseNewer(c, domains, SchemaMigrator.markers(c));
            }
            return state;
        } catch (SQLException e) {
            return state; // the open below says what is wrong
        }
    }

    private static void buildDeferredIndexes(Connection writer) throws SQLException {
        if (!SchemaMigrator.tableExists(writer, "drift_deferred_index")) {
            return;
        }
        JdbcWriter w = new JdbcWriter(writer);
        writer.setAutoCommit(false);
        try {
            DeferredIndexes.buildRecorded(w);
            writer.commit();
        } catch (RuntimeException | SQLException e) {
            writer.rollback();
            throw e;
        } finally {
            writer.setAutoCommit(true);
            w.closeStatements();
        }
    }

    private static SqliteDatabase openReadOnly(DatabaseConfig config, List<DomainContribution> domains, DatabaseFile.State state) {
        if (state == DatabaseFile.State.UNKNOWN && askSqlite(config) == DatabaseFile.State.NEW) {
            throw new StorageException(StorageErrorCode.NOT_A_DRIFT_DATABASE, config.path() + " is an empty SQLite file, not a drift database");
        }
        Map<String, Integer> versions = new HashMap<>();
        long waiting = 0;
        try (Connection c = SqliteConnections.openInspector(config)) {
            Map<String, SchemaMigrator.Marker> markers = SchemaMigrator.markers(c);
            if (!config.tolerateNewerSchemas()) {
                SchemaMigrator.refuseNewer(c, domains, markers);
            }
            markers.forEach((id, m) -> versions.put(id, m.version()));
            // listing and checking a store a newer drift wrote: its newer domains are reported, not read
            SchemaMigrator.newer(c, domains, markers).forEach(versions::put);
            // a bulk load cut short (or running in another process) leaves indexes that only a writer builds
            if (SchemaMigrator.tableExists(c, "drift_deferred_index")) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM drift_deferred_index")) {
                    waiting = rs.next() ? rs.getLong(1) : 0;
                }
            }
        } catch (SQLException e) {
            throw Errors.wrap("cannot open " + config.path(), e, StorageErrorCode.IO);
        }
        SqliteDatabase db = new SqliteDatabase(config, List.copyOf(domains), versions, null, null, ReadConnections.open(config));
        db.indexesWaitingAtOpen = waiting;
        return db;
    }

    /** Decides, by asking SQLite read-only, whether an unmarked file is ours, empty, or someone else's. */
    private static DatabaseFile.State askSqlite(DatabaseConfig config) {
        try (Connection c = SqliteConnections.openInspector(config)) {
            return askSqlite(c, config);
        } catch (SQLException e) {
            StorageException se = Errors.wrap(config.path() + " is not a drift database", e, StorageErrorCode.NOT_A_DRIFT_DATABASE);
            throw new StorageException(StorageErrorCode.NOT_A_DRIFT_DATABASE, se.getMessage() + "; it was left untouched",
                    se.engineCode().orElse(null), e);
        }
    }

    private static DatabaseFile.State askSqlite(Connection c, DatabaseConfig config) {
        try (Statement s = c.createStatement()) {
            int applicationId;
            try (ResultSet rs = s.executeQuery("PRAGMA application_id")) {
                applicationId = rs.next() ? rs.getInt(1) : 0;
            }
            if (applicationId == SqliteConnections.APPLICATION_ID) {
                return DatabaseFile.State.DRIFT;
            }
            long objects;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema")) {
                objects = rs.next() ? rs.getLong(1) : 0;
            }
            if (objects == 0 && applicationId == 0 && config.createIfMissing()) {
                return DatabaseFile.State.NEW;
            }
            throw new StorageException(StorageErrorCode.NOT_A_DRIFT_DATABASE, config.path() + " is a SQLite database of another "
                    + "application (application_id " + applicationId + ", " + objects + " schema objects), not a drift "
                    + "database; it was left untouched");
        } catch (SQLException e) {
            StorageException se = Errors.wrap(config.path() + " is not a drift database", e, StorageErrorCode.NOT_A_DRIFT_DATABASE);
            throw new StorageException(StorageErrorCode.NOT_A_DRIFT_DATABASE, se.getMessage() + "; it was left untouched",
                    se.engineCode().orElse(null), e);
        }
    }

    private static void closeAll(ReadConnections readers, Connection writer, DatabaseFile.WriteLock lock) {
        if (readers != null) {
            readers.close();
        }
        if (writer != null) {
            try {
                writer.close();
            } catch (SQLException ignored) {
                // already failing; the original error is what matters
            }
        }
        if (lock != null) {
            lock.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException(StorageErrorCode.CLOSED, "database " + config.path() + " is closed");
        }
    }

    private void ensureWritable() {
        ensureOpen();
        if (writer == null) {
            throw new StorageException(StorageErrorCode.READ_ONLY, "database " + config.path() + " was opened read-only");
        }
    }

    @Override
    public DatabaseConfig config() {
        return config;
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
    private static Map<String, List<String>> tablesByDomain(SqlReader r) {
        List<String> ids = r.list("SELECT domain FROM drift_schema WHERE domain <> 'core' ORDER BY length(domain) DESC",
                row -> row.getString(1));
        Map<String, List<String>> out = new LinkedHashMap<>();
        r.forEach("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", row -> {
            String t = row.getString(1);
            // the longest id whose prefix it has: a table of 'patterns_extra' is not one of 'patterns'
            ids.stream().filter(id -> t.startsWith(id + "_")).findFirst().ifPresent(id -> out.computeIfAbsent(id, k -> new ArrayList<>()).add(t));
            return true;
        });
        return out;
    }

    @Override
    public CheckReport check() {
        ensureOpen();
        List<String> integrity = new ArrayList<>();
        // a connection of its own: the check reads every page as the file holds it, not through a pooled connection's state
        try (Connection c = SqliteConnections.openInspector(config); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                integrity.add(rs.getString(1));
            }
        } catch (SQLException e) {
            integrity.add("the check could not run: " + Errors.cleanMessage(e));
        }
        long waiting = read(r -> r.queryLong("SELECT count(*) FROM sqlite_schema WHERE name = 'drift_deferred_index'") == 0 ? 0L
                : r.queryLong("SELECT count(*) FROM drift_deferred_index"));
        return new CheckReport(integrity, domains(), waiting);
    }

    @Override
    public <T> T read(Function<SqlReader, T> work) {
        ensureOpen();
        try (Connection c = readers.get()) {
            boolean done = false;
            try {
                T result = work.apply(new JdbcReader(c, locals, readers.statements(c)));
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

    private <T> T submit(Function<SqlWriter, T> work, boolean transactional) {
        ensureWritable();
        if (writer.isWriterThread()) {
            throw new IllegalStateException("write() called from inside a write or batch handler: use the SqlWriter you were given");
        }
        SqliteScanSession scan = bound.get();
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
        return SqliteWriteBatch.result(result);
    }

    /** The scan bound to the calling thread, if any. */
    ScanState boundScan() {
        SqliteScanSession s = bound.get();
        return s == null ? null : s.state;
    }

    SqliteWriteBatch batchWriter() {
        return batch;
    }

    /** The session no longer binds its thread. */
    void unbind(SqliteScanSession session) {
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
        SqliteWriteBatch.result(begun);
        SqliteScanSession session = new SqliteScanSession(this, writer, state);
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
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "a bulk load of " + config.path()
                        + " is already open; close it first");
            }
            List<String> deferred = write(DeferredIndexes::deferForEmptyTables);
            bulkLoad = new SqliteBulkLoad(deferred);
            return bulkLoad;
        }
    }

    /** The open bulk load; closing builds its indexes after everything submitted before has been written. */
    private final class SqliteBulkLoad implements BulkLoad {
        private final List<String> deferred;
        private boolean done;

        SqliteBulkLoad(List<String> deferred) {
            this.deferred = List.copyOf(deferred);
        }

        @Override
        public List<String> deferredIndexes() {
            return deferred;
        }

        @Override
        public void close() {
            synchronized (SqliteDatabase.this) {
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

    @Override
    public CheckpointResult checkpoint(CheckpointMode mode) {
        return submit(w -> {
            try {
                return checkpoint(writerConnection, mode);
            } catch (SQLException e) {
                throw Errors.wrap("checkpoint failed", e, StorageErrorCode.IO);
            }
        }, false);
    }

    private static CheckpointResult checkpoint(Connection c, CheckpointMode mode) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode.name() + ")")) {
            rs.next();
            return new CheckpointResult(rs.getInt(1) != 0, rs.getLong(2), rs.getLong(3));
        }
    }

    @Override
    public BackupResult backup(Path destination) {
        ensureOpen();
        Path dest = destination.toAbsolutePath().normalize();
        if (dest.equals(config.path())) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "cannot back up a database onto itself: " + dest);
        }
        if (Files.exists(dest)) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "backup destination already exists: " + dest);
        }
        DatabaseFile.createParents(dest);
        Path tmp = dest.resolveSibling(dest.getFileName() + ".partial-" + ProcessHandle.current().pid());
        long start = System.nanoTime();
        try (Connection c = readers.get()) {
            c.commit();
            // one step copies every page under one read snapshot: a stepped backup restarts whenever the
            // writer commits and may never finish under steady writes
            int rc = SqliteConnections.database(c).backup("main", tmp.toString(), null, 100, 50, -1);
            if (rc != 0) {
                org.sqlite.SQLiteErrorCode code = org.sqlite.SQLiteErrorCode.getErrorCode(rc);
                throw new StorageException(Errors.classify(code, StorageErrorCode.IO), "backup to " + dest + " failed: "
                        + (code.name().startsWith("SQLITE_FULL") ? "disk full: no space left for the copy" : code.message) + " (" + code.name()
                        + "); nothing was left at " + dest, code.name(), null);
            }
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
            return new BackupResult(dest, Files.size(dest), (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            deleteQuietly(tmp);
            throw Errors.wrap("backup to " + dest + " failed", e, StorageErrorCode.IO);
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(tmp);
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "backup destination already exists: " + dest, e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new StorageException(StorageErrorCode.IO, "backup to " + dest + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** A file and what SQLite may have made beside it (its journal, WAL, shared memory). */
    private static void deleteQuietly(Path p) {
        for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
            try {
                Files.deleteIfExists(Path.of(p + suffix));
            } catch (IOException ignored) {
                // best effort: a partial file is named as such
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
    public void streamRaw(String sql, List<?> params, RawRowSink sink) {
        Objects.requireNonNull(sink, "sink");
        ensureOpen();
        String statement = RawQueryGuard.check(sql);
        // the budget is SQLite's: time spent in the sink moves the deadline along
        long[] deadline = {System.nanoTime() + config.queryTimeout().toNanos()};
        try (Connection c = readers.get()) {
            SQLiteConnection sc = c.unwrap(SQLiteConnection.class);
            ProgressHandler.setHandler(sc, 10_000, new ProgressHandler() {
                @Override
                protected int progress() {
                    return System.nanoTime() > deadline[0] ? 1 : 0;
                }
            });
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                Params.bind(ps, params == null ? new Object[0] : params.toArray());
                try (ResultSet rs = ps.executeQuery()) {
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
                        deadline[0] += System.nanoTime() - t0;
                        if (!more) {
                            break;
                        }
                    }
                }
            } finally {
                ProgressHandler.clearHandler(sc);
                c.rollback();
                // the connection goes back to the pool: whatever the statement was, it stays query-only
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA query_only = 1");
                }
            }
        } catch (SQLException e) {
            StorageException se = Errors.wrap("query failed", e, StorageErrorCode.QUERY_REJECTED);
            if (se.code() == StorageErrorCode.QUERY_TIMEOUT) {
                throw new StorageException(StorageErrorCode.QUERY_TIMEOUT, "query interrupted: it ran longer than "
                        + config.queryTimeout().toMillis() + " ms", se.engineCode().orElse(null), e);
            }
            throw se;
        }
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
            SqliteBulkLoad load;
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
                + "value = excluded.value, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", key, value));
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
                    + versions.getOrDefault(id, 0) + " in " + config.path() + " but the code needs " + d.latestVersion()
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

    /** Drain the batch writer, close the readers, checkpoint (TRUNCATE), close the writer: no -wal/-shm left. */
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
        for (SqliteScanSession s : List.copyOf(openScans)) {
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
        if (checkpointer != null) {
            checkpointer.close();
        }
        readers.close();
        if (writerConnection != null) {
            writer.closeStatements();
            try {
                checkpoint(writerConnection, CheckpointMode.TRUNCATE);
            } catch (SQLException e) {
                pending = addTo(pending, Errors.wrap("final checkpoint failed", e, StorageErrorCode.IO));
            }
            try {
                writerConnection.close();
            } catch (SQLException e) {
                pending = addTo(pending, Errors.wrap("closing the writer failed", e, StorageErrorCode.IO));
            }
            lock.close();
        } else {
            removeWalIfAlone();
        }
        if (pending != null) {
            throw pending;
        }
    }

    /**
     * Read-only connections cannot remove the WAL and shared-memory files when they close; if no writer
     * holds the database, a writable connection opened and closed here does it (SQLite removes them when
     * the last connection closes).
     */
    @SuppressWarnings("try") // the lock is held for the body's duration, not used in it
    private void removeWalIfAlone() {
        if (!Files.exists(Path.of(config.path() + "-wal")) && !Files.exists(Path.of(config.path() + "-shm"))) {
            return;
        }
        Path lockPath = DatabaseFile.lockPath(config.path());
        boolean lockExisted = Files.exists(lockPath);
        try (DatabaseFile.WriteLock l = DatabaseFile.lock(config.path())) {
            // the last connection to close, if it may write, checkpoints and removes them: a bare one is enough
            SqliteConnections.openCheckpointer(config).close();
        } catch (StorageException | SQLException e) {
            // a writer is at work, or the location is read-only: the files are SQLite's to keep
            return;
        }
        // a reader leaves nothing it made beside the file
        DatabaseFile.removeLockFile(lockPath, lockExisted);
    }

    private static RuntimeException addTo(RuntimeException pending, RuntimeException e) {
        if (pending == null) {
            return e;
        }
        pending.addSuppressed(e);
        return pending;
    }
}
