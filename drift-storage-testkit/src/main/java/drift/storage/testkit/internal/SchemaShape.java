package drift.storage.testkit.internal;

import drift.storage.api.SqlReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The shape of some tables, independent of how they came to be (a table created whole and one grown by ALTER
 * TABLE have different SQL text and the same shape): per table its columns (name, type, not null, default,
 * key) and its indexes (columns, unique, partial condition); views and triggers by their SQL.
 */
public final class SchemaShape {
    private SchemaShape() {
    }

    /** The shape of the tables in {@code tables} (and their indexes). */
    public static Map<String, Object> of(SqlReader r, Set<String> tables) {
        if (r.dialect() == drift.storage.api.SqlDialect.POSTGRESQL) {
            return ofPostgres(r, tables);
        }
        Map<String, Object> out = new TreeMap<>();
        for (String t : tables) {
            List<String> columns = r.list("SELECT name || ' ' || upper(type) || (CASE WHEN \"notnull\" THEN ' NOT NULL' ELSE '' END) "
                    + "|| coalesce(' DEFAULT ' || dflt_value, '') || (CASE WHEN pk > 0 THEN ' KEY ' || pk ELSE '' END) "
                    + "FROM pragma_table_info(?) ORDER BY name", row -> row.getString(1), t);
            List<String> indexes = new ArrayList<>();
            r.forEach("SELECT il.name, il.\"unique\", s.sql FROM pragma_index_list(?) il LEFT JOIN sqlite_schema s ON s.name = il.name "
                    + "ORDER BY il.name", row -> {
                        String name = row.getString(1);
                        String sql = row.getString(3);
                        String where = sql == null || !sql.toUpperCase(java.util.Locale.ROOT).contains(" WHERE ") ? ""
                                : " WHERE " + normalize(sql.substring(sql.toUpperCase(java.util.Locale.ROOT).lastIndexOf(" WHERE ") + 7));
                        List<String> cols = r.list("SELECT coalesce(name, '<expr>') FROM pragma_index_info(?) ORDER BY seqno",
                                c -> c.getString(1), name);
                        indexes.add((name.startsWith("sqlite_autoindex") ? "(key)" : name) + (row.getLong(2) != 0 ? " UNIQUE" : "")
                                + " " + cols + where);
                        return true;
                    }, t);
            indexes.sort(null);
            out.put(t, Map.of("columns", columns, "indexes", indexes));
        }
        r.forEach("SELECT type, name, sql FROM sqlite_schema WHERE type IN ('view', 'trigger') AND tbl_name IN (SELECT value FROM json_each(?))",
                row -> {
                    out.put(row.getString(1) + " " + row.getString(2), normalize(row.getString(3)));
                    return true;
                }, drift.storage.api.JsonArray.of(tables));
        return out;
    }

    /** The same on PostgreSQL, from its catalogue: columns with type, nullability and default; index definitions. */
    private static Map<String, Object> ofPostgres(SqlReader r, Set<String> tables) {
        Map<String, Object> out = new TreeMap<>();
        for (String t : tables) {
            List<String> columns = r.list("SELECT column_name || ' ' || upper(data_type) || (CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' "
                    + "ELSE '' END) || coalesce(' DEFAULT ' || column_default, '') FROM information_schema.columns "
                    + "WHERE table_schema = current_schema() AND table_name = ? ORDER BY column_name", row -> row.getString(1), t);
            List<String> indexes = r.list("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ? "
                    + "ORDER BY indexname", row -> normalize(row.getString(1).replaceAll(" ON [^ ]+\\.", " ON ")), t);
            out.put(t, Map.of("columns", columns, "indexes", indexes));
        }
        return out;
    }

    private static String normalize(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }
}
