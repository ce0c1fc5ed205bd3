package drift.storage.sqlite.internal;

import drift.storage.api.SqlDialect;
import drift.storage.api.SqlReader;
import drift.storage.jdbc.DeferredIndexes;
import drift.storage.jdbc.Platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** SQLite's side of the shared core: scripts through {@code sqlite3_exec}, the schema from {@code sqlite_schema}. */
final class SqlitePlatform implements Platform {
    static final SqlitePlatform INSTANCE = new SqlitePlatform();

    private SqlitePlatform() {
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.SQLITE;
    }

    @Override
    public void script(Connection c, String sql) throws SQLException {
        // sqlite3_exec runs every statement of the script in the connection's transaction
        SqliteConnections.database(c)._exec(sql);
    }

    @Override
    public void interrupt(Connection c) throws SQLException {
        SqliteConnections.database(c).interrupt();
    }

    @Override
    public List<DeferredIndexes.Index> nonUniqueIndexes(SqlReader r, String table) {
        return r.list("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
                + "AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name NOT LIKE 'sqlite%' AND (?1 IS NULL OR tbl_name = ?1) "
                + "ORDER BY tbl_name, name", row -> new DeferredIndexes.Index(row.getString(1), row.getString(2), row.getString(3)), table);
    }

    @Override
    public boolean tableExists(Connection c, String table) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")) {
            ps.setString(1, table);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public List<String> tables(SqlReader r) {
        return r.list("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                row -> row.getString(1));
    }
}
