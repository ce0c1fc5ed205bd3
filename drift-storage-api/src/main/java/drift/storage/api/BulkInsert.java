package drift.storage.api;

import java.util.List;
import java.util.Objects;

/**
 * A multi-row insert: {@code INSERT [OR ...] INTO table(columns) VALUES (...),(...) [suffix]}. The engine
 * chunks rows into as few statements as SQLite's limits allow and caches them.
 *
 * @param verb {@code INSERT}, {@code INSERT OR IGNORE}, {@code INSERT OR REPLACE}...
 * @param table the table
 * @param columns the columns, in the order the binder writes them
 * @param suffix appended after the values, e.g. an {@code ON CONFLICT ... DO UPDATE} clause; may be empty
 */
public record BulkInsert(String verb, String table, List<String> columns, String suffix) {
    /** Validates the fields. */
    public BulkInsert {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("columns must not be empty");
        }
        suffix = suffix == null ? "" : suffix;
    }

    /** A plain {@code INSERT INTO table(columns)}. */
    public static BulkInsert into(String table, String... columns) {
        return new BulkInsert("INSERT", table, List.of(columns), "");
    }

    /** The same insert with another verb, e.g. {@code INSERT OR IGNORE}. */
    public BulkInsert verb(String newVerb) {
        return new BulkInsert(newVerb, table, columns, suffix);
    }

    /** The same insert with a suffix such as {@code ON CONFLICT(id) DO UPDATE SET ...}. */
    public BulkInsert suffix(String newSuffix) {
        return new BulkInsert(verb, table, columns, newSuffix);
    }
}
