package drift.storage.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Where read callbacks get their read-only connection: a HikariCP pool, or, for a pool of one (a one-shot CLI
 * command), a single connection opened on first use with no pool threads at all (a read that nests in another,
 * or runs beside it, gets a connection of its own, closed after it).
 */
public interface ReadConnections extends AutoCloseable {
    /** A connection; closing it gives it back. */
    Connection get() throws SQLException;

    /**
     * The prepared statements {@code c} (from {@link #get}) keeps from read to read, or null when it keeps none (a
     * connection opened for one nested read). They run on the physical connection, where a pool does not see them.
     */
    StatementCache statements(Connection c) throws SQLException;

    /** Statements each read connection keeps. */
    int KEPT_STATEMENTS = 64;

    @Override
    void close();

    /** Opens one read connection, set up for reading (in a transaction, read-only). */
    @FunctionalInterface
    interface Opener {
        /** A new connection. */
        Connection open() throws SQLException;
    }

    /** A HikariCP pool. */
    final class Pool implements ReadConnections {
        private final HikariDataSource pool;
        private final Class<? extends Connection> physicalType;
        /** By physical connection: the pool hands each to one thread at a time. */
        private final java.util.Map<Connection, StatementCache> statements = new java.util.concurrent.ConcurrentHashMap<>();

        /** A pool whose physical connections are of {@code physicalType} (the driver's class). */
        public Pool(HikariDataSource pool, Class<? extends Connection> physicalType) {
            this.pool = pool;
            this.physicalType = physicalType;
        }

        @Override
        public Connection get() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public StatementCache statements(Connection c) throws SQLException {
            Connection physical = c.unwrap(physicalType);
            StatementCache s = statements.get(physical);
            if (s == null) {
                if (statements.size() >= pool.getMaximumPoolSize()) {
                    // a connection the pool replaced (it broke): its statements went with it
                    statements.keySet().removeIf(Pool::isClosed);
                }
                s = new StatementCache(physical, KEPT_STATEMENTS);
                statements.put(physical, s);
            }
            return s;
        }

        private static boolean isClosed(Connection c) {
            try {
                return c.isClosed();
            } catch (SQLException e) {
                return true;
            }
        }

        @Override
        public void close() {
            pool.close(); // closing a connection finalizes the statements it kept
            statements.clear();
        }
    }

    /**
     * A pool of one with no threads: one connection, opened on first use. A read from another thread while it is
     * out waits for it as long as the pool would ({@code busyTimeout} + 1 s), then fails as busy; a read nested in
     * a read on the same thread gets a connection of its own, closed after it (waiting would never end).
     */
    final class Single implements ReadConnections {
        private final Opener opener;
        private final Class<? extends Connection> physicalType;
        private final long timeoutMillis;
        private Connection kept;
        private StatementCache keptStatements;
        private Thread owner;
        private boolean closed;

        /** Connections from {@code opener}, of the driver's {@code physicalType}; others wait up to {@code timeoutMillis}. */
        public Single(Opener opener, Class<? extends Connection> physicalType, long timeoutMillis) {
            this.opener = opener;
            this.physicalType = physicalType;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public Connection get() throws SQLException {
            Thread me = Thread.currentThread();
            boolean extra;
            synchronized (this) {
                long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
                while (!closed && owner != null && owner != me) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SQLTransientConnectionException("no read connection available: request timed out after "
                                + timeoutMillis + " ms");
                    }
                    try {
                        wait(Math.max(1, left / 1_000_000L));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SQLTransientConnectionException("interrupted while waiting for a read connection", e);
                    }
                }
                if (closed) {
                    throw new SQLException("the database is closed");
                }
                extra = owner == me;
                if (!extra) {
                    owner = me;
                }
            }
            Connection real;
            try {
                real = extra ? opener.open() : kept();
            } catch (SQLException | RuntimeException e) {
                if (!extra) {
                    giveBack();
                }
                throw e;
            }
            InvocationHandler h = (proxy, method, args) -> {
                if (method.getName().equals("close") && method.getParameterCount() == 0) {
                    release(real, extra);
                    return null;
                }
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
        }

        private Connection kept() throws SQLException {
            Connection c;
            synchronized (this) {
                c = kept;
            }
            if (c == null) {
                c = opener.open();
                synchronized (this) {
                    kept = c;
                    keptStatements = new StatementCache(c, KEPT_STATEMENTS);
                }
            }
            return c;
        }

        @Override
        public StatementCache statements(Connection c) throws SQLException {
            Connection physical = c.unwrap(physicalType);
            synchronized (this) {
                return physical == kept ? keptStatements : null; // an extra one lives for one read
            }
        }

        private synchronized void giveBack() {
            owner = null;
            notifyAll();
        }

        private void release(Connection c, boolean extra) throws SQLException {
            try {
                if (!c.getAutoCommit()) {
                    c.rollback(); // whatever the read left open ends here
                }
            } finally {
                if (extra) {
                    c.close();
                } else {
                    boolean close;
                    synchronized (this) {
                        close = closed;
                    }
                    if (close) {
                        c.close();
                    }
                    giveBack();
                }
            }
        }

        @Override
        public void close() {
            Connection c;
            synchronized (this) {
                closed = true;
                c = owner == null ? kept : null; // one still out is closed when it comes back
                kept = null;
                keptStatements = null; // closing the connection finalizes them
                notifyAll();
            }
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing: nothing left to give back
                }
            }
        }
    }
}
