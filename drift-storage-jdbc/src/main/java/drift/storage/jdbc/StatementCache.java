package drift.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepared statements of one physical connection, by SQL text, least recently used out first. Preparing is
 * most of what a small read costs around its query (a join is parsed and planned anew each time), so the
 * writer and every read connection keep theirs. Used by one thread at a time: the one holding the connection.
 */
final class StatementCache {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements;

    StatementCache(Connection connection, int capacity) {
        this.connection = connection;
        this.statements = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() > capacity) {
                    parameterCounts.remove(eldest.getValue());
                    closeQuietly(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
    }

    /** The statement for {@code sql}, prepared on first use. */
    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Parameter counts of the kept statements: asking the driver costs a server round trip on PostgreSQL. */
    private final Map<PreparedStatement, Integer> parameterCounts = new java.util.IdentityHashMap<>();

    /** How many parameters {@code ps} (a statement of this cache) has. */
    int parameterCount(PreparedStatement ps) throws SQLException {
        Integer n = parameterCounts.get(ps);
        if (n == null) {
            n = ps.getParameterMetaData().getParameterCount();
            parameterCounts.put(ps, n);
        }
        return n;
    }

    /** Forgets {@code ps} (it failed: after some errors the driver cannot run it again) and closes it. */
    void discard(PreparedStatement ps) {
        statements.values().removeIf(cached -> cached == ps);
        parameterCounts.remove(ps);
        closeQuietly(ps);
    }

    /** Closes every statement. */
    void clear() {
        statements.values().forEach(StatementCache::closeQuietly);
        statements.clear();
        parameterCounts.clear();
    }

    static void closeQuietly(java.sql.Statement s) {
        try {
            s.close();
        } catch (SQLException ignored) {
            // closing a statement that is being dropped: nothing to recover
        }
    }
}
