package drift.storage.sqlite.internal;

import drift.storage.jdbc.ReadConnections;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;
import org.sqlite.core.DB;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Creates the engine's connections with every pragma of the {@link DatabaseConfig} set explicitly (the
 * driver's defaults are rollback journal, synchronous=FULL and no foreign keys).
 */
final class SqliteConnections {
    /** {@code PRAGMA application_id} of drift databases: "DRFT". */
    static final int APPLICATION_ID = 0x44524654;

    static {
        NativeLibrary.prepare();
    }

    private SqliteConnections() {
    }

    private static SQLiteConfig common(DatabaseConfig config) {
        SQLiteConfig c = new SQLiteConfig();
        c.setCacheSize((int) -config.cacheSizeKb());
        c.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(config.mmapSizeBytes()));
        c.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
        c.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        c.enforceForeignKeys(true);
        c.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return c;
    }

    /** The single writer: WAL, IMMEDIATE transactions (no upgrade deadlocks), no generated-keys queries. */
    static Connection openWriter(DatabaseConfig config) throws SQLException {
        SQLiteConfig c = common(config);
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // the Checkpointer thread checkpoints at walAutoCheckpointPages; this is only the safety net
        c.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(config.walAutoCheckpointPages() * 8));
        c.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        c.setGetGeneratedKeys(false);
        // the writer reads through its page cache: a memory map of the file would count every page it ever
        // touched (index builds read whole tables) in the process's resident memory; readers keep theirs
        c.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, "0");
        // and its sorts (an index built over millions of rows) spill to temporary files beyond the page cache,
        // instead of growing in memory
        c.setTempStore(SQLiteConfig.TempStore.FILE);
        Connection writer = DriverManager.getConnection(url(config), c.toProperties());
        try (java.sql.Statement s = writer.createStatement()) {
            // an index build's sort may use the other cores: the writer builds indexes at the end of a load, when
            // the producer has nothing left to hand it (SQLite's sorter threads; 0 would sort on this thread alone)
            s.execute("PRAGMA threads = " + SORTER_THREADS);
        } catch (SQLException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    /** Helper threads an index build's sort may use: one fewer than the cores, at most 3 (SQLite's sorter merges in a few). */
    static final int SORTER_THREADS = Integer.getInteger("drift.sqlite.sorter-threads",
            Math.max(0, Math.min(3, Runtime.getRuntime().availableProcessors() - 1)));

    /** The background checkpointer's connection: it never writes rows, only copies WAL pages back. */
    static Connection openCheckpointer(DatabaseConfig config) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        c.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
        c.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        c.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "0");
        return DriverManager.getConnection(url(config), c.toProperties());
    }

    /** A read-only connection outside the pool (used to inspect a file before it is trusted). */
    static Connection openInspector(DatabaseConfig config) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        c.setReadOnly(true);
        c.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
        return DriverManager.getConnection(readUrl(config), c.toProperties());
    }

    /**
     * A read-only look at the file as it is, which creates nothing beside it ({@code immutable}: no shared-memory or
     * WAL file): to refuse a file before the write lock or a WAL is made for it. Only valid when no WAL is pending.
     */
    static Connection openImmutableInspector(DatabaseConfig config) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        c.setReadOnly(true);
        return DriverManager.getConnection("jdbc:sqlite:file:" + config.path().toUri().getRawPath() + "?immutable=1", c.toProperties());
    }

    /** How long a read waits for a free read connection: the busy timeout and a second more, at least 250 ms. */
    static long readWaitMillis(DatabaseConfig config) {
        return Math.max(250, config.busyTimeout().toMillis() + 1000);
    }

    /**
     * The read pool: a fixed number of read-only connections with {@code query_only} on and ATTACH
     * disabled, so not even a temp table or an attached file can be written through them.
     */
    static HikariDataSource openReadPool(DatabaseConfig config) {
        SQLiteDataSource ds = new SQLiteDataSource(readerConfig(config));
        ds.setUrl(readUrl(config));

        HikariConfig h = new HikariConfig();
        h.setPoolName("drift-readers");
        h.setDataSource(ds);
        h.setMaximumPoolSize(config.readPoolSize());
        h.setMinimumIdle(config.readPoolSize());
        h.setMaxLifetime(0);
        h.setIdleTimeout(0);
        h.setKeepaliveTime(0);
        h.setAutoCommit(false);
        // must match the driver-level read-only flag: sqlite-jdbc refuses to change it once connected
        h.setReadOnly(true);
        h.setConnectionTimeout(readWaitMillis(config));
        h.setConnectionInitSql("PRAGMA query_only = 1");
        h.setInitializationFailTimeout(-1);
        try {
            return new HikariDataSource(h);
        } catch (RuntimeException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot start the read pool for " + config.path() + ": "
                    + e.getMessage(), e);
        }
    }

    private static SQLiteConfig readerConfig(DatabaseConfig config) {
        SQLiteConfig c = common(config);
        c.setReadOnly(true);
        c.setPragma(SQLiteConfig.Pragma.LIMIT_ATTACHED, "0");
        return c;
    }

    /** One reader outside a pool (read-only, query-only, ATTACH disabled), as the pool's connections are. */
    /** Connections for Flyway (it manages their transactions): the store's own settings, foreign keys on. */
    static javax.sql.DataSource flywayDataSource(DatabaseConfig config) {
        SQLiteConfig c = new SQLiteConfig();
        c.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
        c.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(c);
        ds.setUrl(url(config));
        return ds;
    }

    /** The readers {@code config} asks for: a pool, or a single connection for a pool of one. */
    static ReadConnections readers(DatabaseConfig config) {
        return config.readPoolSize() == 1 ? new ReadConnections.Single(() -> openReader(config), SQLiteConnection.class,
                readWaitMillis(config)) : new ReadConnections.Pool(openReadPool(config), SQLiteConnection.class);
    }

    /** Sets a reader's session state: in a transaction (one snapshot per callback), and query-only. */
    static void prepareReader(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA query_only = 1");
        }
    }

    static Connection openReader(DatabaseConfig config) throws SQLException {
        Connection c = DriverManager.getConnection(readUrl(config), readerConfig(config).toProperties());
        prepareReader(c);
        return c;
    }

    static String url(DatabaseConfig config) {
        return "jdbc:sqlite:" + config.path();
    }

    /**
     * The URL of a read-only open: on read-only media (the folder cannot be written: a read-only mount, say) the
     * file is opened {@code immutable}, so SQLite needs no shared-memory or WAL file beside it, and reads what the
     * file holds (a drift store closed cleanly leaves no WAL behind).
     */
    static String readUrl(DatabaseConfig config) {
        return readOnlyMedia(config.path()) ? "jdbc:sqlite:file:" + config.path().toUri().getRawPath() + "?immutable=1" : url(config);
    }

    /** Whether nothing can be created beside {@code db}: its folder is not writable, or its file system is read-only. */
    static boolean readOnlyMedia(java.nio.file.Path db) {
        java.nio.file.Path dir = db.toAbsolutePath().getParent();
        try {
            return dir != null && (!java.nio.file.Files.isWritable(dir) || java.nio.file.Files.getFileStore(dir).isReadOnly());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The native database handle behind a (possibly pooled) connection. */
    static DB database(Connection c) throws SQLException {
        return c.unwrap(SQLiteConnection.class).getDatabase();
    }
}
