package drift.storage.sqlite.internal;

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
        return DriverManager.getConnection(url(config), c.toProperties());
    }

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
        return DriverManager.getConnection(url(config), c.toProperties());
    }

    /**
     * The read pool: a fixed number of read-only connections with {@code query_only} on and ATTACH
     * disabled, so not even a temp table or an attached file can be written through them.
     */
    static HikariDataSource openReadPool(DatabaseConfig config) {
        SQLiteConfig c = common(config);
        c.setReadOnly(true);
        c.setPragma(SQLiteConfig.Pragma.LIMIT_ATTACHED, "0");
        SQLiteDataSource ds = new SQLiteDataSource(c);
        ds.setUrl(url(config));

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
        h.setConnectionTimeout(Math.max(250, config.busyTimeout().toMillis() + 1000));
        h.setConnectionInitSql("PRAGMA query_only = 1");
        h.setInitializationFailTimeout(-1);
        try {
            return new HikariDataSource(h);
        } catch (RuntimeException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot start the read pool for " + config.path() + ": "
                    + e.getMessage(), e);
        }
    }

    static String url(DatabaseConfig config) {
        return "jdbc:sqlite:" + config.path();
    }

    /** The native database handle behind a (possibly pooled) connection. */
    static DB database(Connection c) throws SQLException {
        return c.unwrap(SQLiteConnection.class).getDatabase();
    }
}
