package drift.storage.postgres.internal;

import drift.storage.api.SqlDialect;
import drift.storage.api.SqlReader;
import drift.storage.jdbc.DeferredIndexes;
import drift.storage.jdbc.Platform;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * PostgreSQL's side of the shared core: scripts as one simple-protocol execute, a statement stopped with a cancel
 * request, the schema from {@code pg_catalog} of the connection's current schema.
 */
final class PostgresPlatform implements Platform {
    static final PostgresPlatform INSTANCE = new PostgresPlatform();

    private PostgresPlatform() {
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.POSTGRESQL;
    }

    @Override
    public void script(Connection c, String sql) throws SQLException {
        // without parameters the driver sends the script as one simple query: every statement runs, in order
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void interrupt(Connection c) throws SQLException {
        c.unwrap(PGConnection.class).cancelQuery();
    }

    @Override
    public List<DeferredIndexes.Index> nonUniqueIndexes(SqlReader r, String table) {
        // indexes that back a constraint (primary keys, unique constraints) are unique and never deferred
        return r.list("SELECT i.relname, t.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                + "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                + "JOIN pg_namespace n ON n.oid = t.relnamespace "
                + "WHERE n.nspname = current_schema() AND NOT x.indisunique AND NOT x.indisprimary "
                + "AND (CAST(? AS text) IS NULL OR t.relname = CAST(? AS text)) ORDER BY t.relname, i.relname",
                row -> new DeferredIndexes.Index(row.getString(1), row.getString(2), row.getString(3)), table, table);
    }

    @Override
    public <R> int copyIn(Connection c, drift.storage.api.BulkInsert insert, java.util.Collection<? extends R> rows,
                          drift.storage.api.RowBinder<? super R> binder) throws SQLException {
        return CopyIn.copy(c, insert, rows, binder);
    }

    /** A dropped index locks its table against readers until the commit: scans keep indexes current. */
    @Override
    public boolean rebuildsIndexesUnseen() {
        return false;
    }

    @Override
    public boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public List<String> tables(SqlReader r) {
        return r.list("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename", row -> row.getString(1));
    }
}
