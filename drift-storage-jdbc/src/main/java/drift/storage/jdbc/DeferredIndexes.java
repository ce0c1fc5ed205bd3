package drift.storage.jdbc;

import drift.storage.api.SqlReader;
import drift.storage.api.SqlWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Non-unique indexes dropped before many rows go into an empty table and built again after them: an
 * index build sorts the rows once, where keeping the index current inserts into it at a random place per
 * row. Unique indexes always stay, as they decide conflicts row by row.
 */
public final class DeferredIndexes {
    /** The definition of one index: its name, its table and the statement that creates it. */
    public record Index(String name, String table, String sql) {
    }

    private DeferredIndexes() {
    }

    /** The non-unique indexes of {@code table} (all tables when null) that SQL created, by table and name. */
    static List<Index> nonUnique(Platform platform, SqlReader r, String table) {
        return platform.nonUniqueIndexes(r, table);
    }

    /**
     * The indexes of {@code table} a transaction may drop now and build again before it commits: its non-unique
     * ones where the engine's readers do not see that ({@link Platform#rebuildsIndexesUnseen()}), else none (they
     * are kept current: on PostgreSQL a dropped index would lock the table against readers until the commit).
     */
    static List<Index> droppableNow(Platform platform, SqlReader r, String table) {
        return platform.rebuildsIndexesUnseen() ? nonUnique(platform, r, table) : List.of();
    }

    /**
     * Whether a load of many rows into {@code table} should build its indexes after the rows: the table is empty,
     * and the engine's readers do not see the indexes dropped (else the emptiness is not even asked).
     */
    static boolean buildAfterLoad(Platform platform, SqlReader r, String table) {
        return platform.rebuildsIndexesUnseen() && isEmpty(r, table);
    }

    static boolean isEmpty(SqlReader r, String table) {
        return r.first("SELECT 1 FROM " + quote(table) + " LIMIT 1", row -> true).isEmpty();
    }

    static void drop(SqlWriter w, Index index) {
        w.script("DROP INDEX " + quote(index.name()));
    }

    /**
     * Drops the non-unique indexes of every empty table and records them in {@code drift_deferred_index}
     * (same transaction), for {@link #buildRecorded}.
     *
     * @return the names of the indexes dropped
     */
    public static List<String> deferForEmptyTables(Platform platform, SqlWriter w) {
        Map<String, List<Index>> byTable = new LinkedHashMap<>();
        for (Index i : nonUnique(platform, w, null)) {
            if (i.table().startsWith("drift_")) {
                continue; // the platform's own tables are small and written row by row
            }
            byTable.computeIfAbsent(i.table(), t -> new ArrayList<>()).add(i);
        }
        List<String> dropped = new ArrayList<>();
        byTable.forEach((table, indexes) -> {
            if (isEmpty(w, table)) {
                for (Index i : indexes) {
                    w.update("INSERT INTO drift_deferred_index(name, table_name, sql) VALUES (?, ?, ?)", i.name(), i.table(), i.sql());
                    drop(w, i);
                    dropped.add(i.name());
                }
            }
        });
        return dropped;
    }

    /**
     * Builds every index recorded by {@link #deferForEmptyTables} and forgets it (same transaction).
     *
     * @return the names of the indexes built
     */
    public static List<String> buildRecorded(SqlWriter w) {
        List<Index> recorded = w.list("SELECT name, table_name, sql FROM drift_deferred_index ORDER BY table_name, name",
                row -> new Index(row.getString(1), row.getString(2), row.getString(3)));
        List<String> built = new ArrayList<>();
        for (Index i : recorded) {
            w.script(i.sql());
            w.update("DELETE FROM drift_deferred_index WHERE name = ?", i.name());
            built.add(i.name());
        }
        return built;
    }

    /**
     * Builds, at a writable open and in a transaction of its own, the indexes a bulk load cut short left recorded:
     * before any migration touches those tables.
     */
    public static void buildLeftOver(Platform platform, java.sql.Connection writer) throws java.sql.SQLException {
        if (!platform.tableExists(writer, "drift_deferred_index")) {
            return;
        }
        JdbcWriter w = new JdbcWriter(platform, writer);
        writer.setAutoCommit(false);
        try {
            buildRecorded(w);
            writer.commit();
        } catch (RuntimeException | java.sql.SQLException e) {
            writer.rollback();
            throw e;
        } finally {
            writer.setAutoCommit(true);
            w.closeStatements();
        }
    }

    /** How many indexes a bulk load left to build, as a read-only open finds them (only a writer builds them). */
    public static long leftOver(Platform platform, java.sql.Connection c) throws java.sql.SQLException {
        if (!platform.tableExists(c, "drift_deferred_index")) {
            return 0;
        }
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM drift_deferred_index")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Quotes a name; a schema-qualified one ({@code temp.x}) part by part. */
    public static String quote(String identifier) {
        int dot = identifier.indexOf('.');
        if (dot > 0 && (identifier.startsWith("temp.") || identifier.startsWith("pg_temp."))) {
            return identifier.substring(0, dot + 1) + quote(identifier.substring(dot + 1));
        }
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
