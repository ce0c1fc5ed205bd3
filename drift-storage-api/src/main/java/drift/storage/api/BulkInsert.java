package drift.storage.api;

import java.util.List;
import java.util.Objects;

/**
 * A multi-row insert: {@code INSERT [OR ...] INTO table(columns) VALUES (...),(...) [suffix]}, or, with a
 * {@code source}, {@code INSERT INTO table(columns) SELECT ... FROM (VALUES (...),(...)) ...}, which lets
 * SQLite translate values (an id into a key, say) inside the same statement. The engine chunks rows into
 * as few statements as SQLite's limits allow and caches them.
 *
 * @param verb {@code INSERT}, {@code INSERT OR IGNORE}, {@code INSERT OR REPLACE}...
 * @param table the table
 * @param columns the columns, in the order the binder writes them (with a source: one bound value per column)
 * @param suffix appended at the end, e.g. an {@code ON CONFLICT ... DO UPDATE} clause; may be empty
 * @param source a SELECT in which {@value #VALUES} stands for the rows' {@code VALUES} list, or null
 */
public record BulkInsert(String verb, String table, List<String> columns, String suffix, String source) {
    /** The placeholder for the {@code VALUES} list in a {@link #source()}. */
    public static final String VALUES = "{values}";

    /** Validates the fields. */
    public BulkInsert {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("columns must not be empty");
        }
        suffix = suffix == null ? "" : suffix;
        if (source != null && !source.contains(VALUES)) {
            throw new IllegalArgumentException("source must contain " + VALUES + ": " + source);
        }
    }

    /** A plain {@code INSERT INTO table(columns)}. */
    public static BulkInsert into(String table, String... columns) {
        return new BulkInsert("INSERT", table, List.of(columns), "", null);
    }

    /** The same insert with another verb, e.g. {@code INSERT OR IGNORE}. */
    public BulkInsert verb(String newVerb) {
        return new BulkInsert(newVerb, table, columns, suffix, source);
    }

    /** The same insert with a suffix such as {@code ON CONFLICT(id) DO UPDATE SET ...}. */
    public BulkInsert suffix(String newSuffix) {
        return new BulkInsert(verb, table, columns, newSuffix, source);
    }

    /**
     * The same insert fed by a SELECT over the bound rows, e.g.
     * {@code SELECT f.pk, v.column2 FROM ({values}) AS v LEFT JOIN functions f ON f.id = v.column1}.
     */
    public BulkInsert from(String newSource) {
        return new BulkInsert(verb, table, columns, suffix, newSource);
    }
}
