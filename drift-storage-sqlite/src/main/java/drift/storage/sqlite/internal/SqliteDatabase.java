package drift.storage.sqlite.internal;

import drift.storage.api.BackupResult;
import drift.storage.api.SqlDialect;
import drift.storage.api.CheckpointMode;
import drift.storage.api.CheckpointResult;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.CheckReport;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RawRowSink;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.StorageDomain;
import drift.storage.jdbc.DeferredIndexes;
import drift.storage.jdbc.DomainContribution;
import drift.storage.jdbc.Errors;
import drift.storage.jdbc.JdbcDatabase;
import drift.storage.jdbc.Params;
import drift.storage.jdbc.ReadConnections;
import drift.storage.jdbc.SchemaMigrator;
import drift.storage.jdbc.RawQueryGuard;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SQLite {@link drift.storage.api.DatabaseManager}: one file, a write lock beside it, WAL checkpoints and
 * online backups; everything else is the shared JDBC core's ({@link JdbcDatabase}).
 */
final class SqliteDatabase extends JdbcDatabase {
    static {
        SqliteErrors.register();
    }

    private final DatabaseFile.WriteLock lock;
    private final Checkpointer checkpointer;

    private SqliteDatabase(DatabaseConfig config, List<DomainContribution> domains, Map<String, Integer> versions,
                           DatabaseFile.WriteLock lock, Connection writerConnection, ReadConnections readers, Checkpointer checkpointer) {
        super(SqlitePlatform.INSTANCE, config, domains, versions, writerConnection, readers,
                checkpointer == null ? null : checkpointer::nudge);
        this.lock = lock;
        this.checkpointer = checkpointer;
    }

    @Override
    protected String location() {
        return config.path().toString();
    }

    @Override
    protected RuntimeException closeConnections(RuntimeException pending) {
        if (checkpointer != null) {
            checkpointer.close();
        }
        readers.close();
        if (writerConnection != null) {
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
        return pending;
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
                Migration.load(SqliteDatabase.class::getResourceAsStream, 5, "data version", "core-V5__data_version.sql")), SqliteEngine.class.getModule(), SqlDialect.SQLITE));
        installed.forEach(d -> domains.add(DomainContribution.of(d, SqlDialect.SQLITE)));

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
            DeferredIndexes.buildLeftOver(SqlitePlatform.INSTANCE, writer);
            Map<String, Integer> versions = new SchemaMigrator(SqlitePlatform.INSTANCE, writer, SqliteConnections.flywayDataSource(config)).migrate(domains);
            if (state == DatabaseFile.State.NEW) {
                // move the header (application id) from the WAL into the main file right away
                checkpoint(writer, CheckpointMode.TRUNCATE);
            }
            readers = SqliteConnections.readers(config);
            return new SqliteDatabase(config, List.copyOf(domains), versions, lock, writer, readers, new Checkpointer(config, pageSize(writer)));
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
                SchemaMigrator.refuseNewer(SqlitePlatform.INSTANCE, c, domains, SchemaMigrator.markers(SqlitePlatform.INSTANCE, c));
            }
            return state;
        } catch (SQLException e) {
            return state; // the open below says what is wrong
        }
    }

    private static SqliteDatabase openReadOnly(DatabaseConfig config, List<DomainContribution> domains, DatabaseFile.State state) {
        if (state == DatabaseFile.State.UNKNOWN && askSqlite(config) == DatabaseFile.State.NEW) {
            throw new StorageException(StorageErrorCode.NOT_A_DRIFT_DATABASE, config.path() + " is an empty SQLite file, not a drift database");
        }
        Map<String, Integer> versions = new HashMap<>();
        long waiting = 0;
        try (Connection c = SqliteConnections.openInspector(config)) {
            versions.putAll(SchemaMigrator.versionsReadOnly(SqlitePlatform.INSTANCE, c, domains, config.tolerateNewerSchemas()));
            // a bulk load cut short (or running in another process) leaves indexes that only a writer builds
            waiting = DeferredIndexes.leftOver(SqlitePlatform.INSTANCE, c);
        } catch (SQLException e) {
            throw Errors.wrap("cannot open " + config.path(), e, StorageErrorCode.IO);
        }
        SqliteDatabase db = new SqliteDatabase(config, List.copyOf(domains), versions, null, null, SqliteConnections.readers(config), null);
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
                throw new StorageException(SqliteErrors.classify(code, StorageErrorCode.IO), "backup to " + dest + " failed: "
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
                    stream(rs, sink, nanos -> deadline[0] += nanos);
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
}
