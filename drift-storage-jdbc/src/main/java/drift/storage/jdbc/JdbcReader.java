package drift.storage.jdbc;

import drift.storage.api.DatabaseLocal;
import drift.storage.api.RowCallback;
import drift.storage.api.RowMapper;
import drift.storage.api.SqlReader;
import drift.storage.api.StorageErrorCode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link SqlReader} over one JDBC connection, valid for the duration of one callback. */
public class JdbcReader implements SqlReader {
    /**
     * Statements slower than this many milliseconds are logged ({@code -Ddrift.sqlite.slow-ms=N}, through
     * {@link System.Logger} {@code drift.storage.sqlite}); off (-1) by default, and then free.
     */
    public static final long SLOW_MS = Long.getLong("drift.sqlite.slow-ms", -1);
    private static final System.Logger LOG = System.getLogger("drift.storage.sqlite");

    final Connection connection;
    final Platform platform;
    /** The database's shared read-side state ({@link SqlReader#local}); null where there is none (migrations). */
    private final Map<DatabaseLocal<?>, Object> locals;
    /** The connection's kept statements, or null: each statement is prepared for one use and closed. */
    final StatementCache statements;

    /** Logs {@code sql} if it took longer than {@link #SLOW_MS} since {@code startNanos}. */
    public static void slow(long startNanos, String sql) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        if (ms > SLOW_MS) {
            LOG.log(System.Logger.Level.INFO, "slow statement ({0} ms): {1}", ms, abbreviate(sql));
        }
    }

    /** A reader of {@code connection}; {@code statements} are the connection's kept ones, or null. */
    public JdbcReader(Platform platform, Connection connection, Map<DatabaseLocal<?>, Object> locals, StatementCache statements) {
        this.platform = platform;
        this.connection = connection;
        this.locals = locals;
        this.statements = statements;
    }

    /** Prepares {@code sql}, or takes the connection's kept statement for it. */
    PreparedStatement prepare(String sql) throws SQLException {
        return statements == null ? connection.prepareStatement(sql) : statements.get(sql);
    }

    /** Binds {@code params} to a statement from {@link #prepare}, its parameter count checked. */
    void bind(PreparedStatement ps, Object[] params) throws SQLException {
        if (statements == null) {
            Params.bind(ps, params);
        } else {
            Params.bind(ps, params, statements.parameterCount(ps));
        }
    }

    /** Releases a statement from {@link #prepare}: a kept one stays, its parameters cleared. */
    void release(PreparedStatement ps) throws SQLException {
        if (statements == null) {
            ps.close();
        } else {
            ps.clearParameters();
        }
    }

    /** A statement that failed is not reused: after some errors (SQLITE_FULL) the driver cannot run it again. */
    void discard(PreparedStatement ps) {
        if (statements == null) {
            StatementCache.closeQuietly(ps);
        } else {
            statements.discard(ps);
        }
    }

    @Override
    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        List<T> out = new ArrayList<>();
        forEach(sql, row -> {
            out.add(mapper.map(row));
            return true;
        }, params);
        return out;
    }

    @Override
    public <T> Optional<T> first(String sql, RowMapper<T> mapper, Object... params) {
        List<T> out = new ArrayList<>(1);
        forEach(sql, row -> {
            out.add(mapper.map(row));
            return false;
        }, params);
        return out.isEmpty() ? Optional.empty() : Optional.ofNullable(out.get(0));
    }

    @Override
    public void forEach(String sql, RowCallback callback, Object... params) {
        long start = SLOW_MS >= 0 ? System.nanoTime() : 0;
        try {
            PreparedStatement ps = prepare(sql);
            try {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    JdbcRow row = new JdbcRow(rs);
                    while (rs.next()) {
                        if (!callback.accept(row)) {
                            break;
                        }
                    }
                }
                release(ps);
            } catch (SQLException | RuntimeException e) {
                discard(ps);
                throw e;
            }
        } catch (SQLException e) {
            throw Errors.wrap("query failed [" + abbreviate(sql) + "]", e, StorageErrorCode.INTERNAL);
        } finally {
            if (SLOW_MS >= 0) {
                slow(start, sql);
            }
        }
    }

    @Override
    public long queryLong(String sql, Object... params) {
        long[] out = {0};
        forEach(sql, row -> {
            out[0] = row.getLong(1);
            return false;
        }, params);
        return out[0];
    }

    @Override
    public long dataVersion() {
        try {
            PreparedStatement ps = prepare("SELECT value FROM drift_data_version WHERE id = 1");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            } finally {
                release(ps);
            }
        } catch (SQLException e) {
            return -1; // a database migrated by an older drift: no version is kept, nothing derived is reused
        }
    }

    @Override
    public drift.storage.api.SqlDialect dialect() {
        return platform.dialect();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T local(DatabaseLocal<T> key) {
        if (locals == null) {
            throw new IllegalStateException("no database state here (" + key + ")");
        }
        return (T) locals.computeIfAbsent(key, k -> k.create());
    }

    public static String abbreviate(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
