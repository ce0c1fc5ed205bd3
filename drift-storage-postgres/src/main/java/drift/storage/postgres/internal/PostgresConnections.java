package drift.storage.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.jdbc.Errors;
import drift.storage.jdbc.ReadConnections;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connections to a PostgreSQL store: one data source from the URL, the writer, read connections (read-only
 * transactions at REPEATABLE READ, so every read callback sees one snapshot, as on SQLite).
 */
final class PostgresConnections {
    private PostgresConnections() {
    }

    /** A data source for {@code config}'s URL, with what the engine needs on every connection. */
    static PGSimpleDataSource dataSource(DatabaseConfig config) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        try {
            ds.setURL(config.url());
        } catch (IllegalArgumentException e) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "not a PostgreSQL JDBC URL: " + config.location()
                    + " (" + e.getMessage() + ")", e);
        }
        // text parameters go untyped, so the server infers them from the column they meet (as SQLite does)
        ds.setStringType("unspecified");
        if (ds.getApplicationName() == null || ds.getApplicationName().startsWith("PostgreSQL JDBC")) {
            ds.setApplicationName("drift");
        }
        if (config.repository() != null) {
            // a repository is a schema of the database
            ds.setCurrentSchema(config.repository());
        }
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.busyTimeout().toSeconds() + 1));
        ds.setConnectTimeout(seconds);
        return ds;
    }

    static Connection open(PGSimpleDataSource ds, DatabaseConfig config) {
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw Errors.wrap("cannot connect to " + config.location(), e, StorageErrorCode.IO);
        }
    }

    static long readWaitMillis(DatabaseConfig config) {
        return Math.max(250, config.busyTimeout().toMillis() + 1000);
    }

    /** Sets a reader's session state: one read-only REPEATABLE READ transaction per callback. */
    static Connection prepareReader(Connection c) throws SQLException {
        c.setAutoCommit(false);
        c.setReadOnly(true);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        return c;
    }

    /** The readers {@code config} asks for: a pool, or a single connection for a pool of one. */
    static ReadConnections readers(DatabaseConfig config, PGSimpleDataSource ds) {
        if (config.readPoolSize() == 1) {
            return new ReadConnections.Single(() -> prepareReader(ds.getConnection()), org.postgresql.jdbc.PgConnection.class, readWaitMillis(config));
        }
        HikariConfig h = new HikariConfig();
        h.setDataSource(ds);
        h.setPoolName("drift-readers");
        h.setMaximumPoolSize(config.readPoolSize());
        h.setMinimumIdle(0);
        h.setAutoCommit(false);
        h.setReadOnly(true);
        h.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        h.setConnectionTimeout(readWaitMillis(config));
        h.setInitializationFailTimeout(-1);
        try {
            return new ReadConnections.Pool(new HikariDataSource(h), org.postgresql.jdbc.PgConnection.class);
        } catch (RuntimeException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot start the read pool for " + config.location() + ": " + e.getMessage(), e);
        }
    }
}
