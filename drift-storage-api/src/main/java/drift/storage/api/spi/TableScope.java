package drift.storage.api.spi;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which rows of a domain table belong to what, declared once in {@link DomainRegistrar#scope}: the engine
 * then removes and replaces a file's rows in every domain itself (when a scan declares the file again, or
 * the file vanished from a snapshot), and the rows a snapshot no longer has. No domain writes that code.
 *
 * <ul>
 *   <li>{@link #file}: the table's rows belong to the file named in a column
 *       ({@code callgraph_function.file});</li>
 *   <li>{@link #parent}: the rows go with a parent row of another table of the domain
 *       ({@code callgraph_call.caller_pk} → {@code callgraph_function.pk}); a table may have several
 *       parents and a file of its own, and goes when any of them goes;</li>
 *   <li>{@link #scan}: the rows belong to no file but to the scans that write them, and a
 *       {@link drift.storage.api.ScanMode#SNAPSHOT snapshot} or {@link drift.storage.api.ScanMode#REPLACE replace}
 *       removes those it did not write: the column holds the id of the scan that last wrote the row
 *       ({@link drift.storage.api.ScanContext#id()}).</li>
 *   <li>{@link #fileOfParent}: the rows go with a parent row, and also belong to the parent's file: a rescan of
 *       that file replaces them even when it keeps the parent ({@link #kept}), as a function's calls are sent again
 *       with the function whether or not it changed; without a kept parent, the same as {@link #parent};</li>
 *   <li>{@link #kept}: a rescan keeps the rows of its files that it writes again, and removes only the others:
 *       the column holds the id of the scan that last wrote the row, and the domain's handler sets it on a
 *       row it finds unchanged too (instead of writing the row and its children again). The engine then
 *       removes a rescanned file's rows of this table, and the rows that go with them, at the end of the
 *       scan, and only those whose row here the scan did not write. The table needs a file or parent scope
 *       of its own. Rows that go with a kept row ({@link #parent}) are kept with it.</li>
 * </ul>
 *
 * @param table the table
 * @param kind file, parent, file of parent, scan or kept
 * @param columns the file column, the scan column, or the columns naming the parent
 * @param parentTable the parent's table (parent and file-of-parent scopes only)
 * @param parentColumns the parent's key columns, as many as {@code columns} (parent and file-of-parent scopes only)
 */
public record TableScope(String table, Kind kind, List<String> columns, String parentTable, List<String> parentColumns) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The kinds of scope. */
    public enum Kind {
        /** Rows belong to the file their column names. */
        FILE,
        /** Rows go with their parent row. */
        PARENT,
        /** Rows go with their parent row, and belong to its file even when a rescan keeps the parent. */
        FILE_OF_PARENT,
        /** Rows belong to the scan that last wrote them. */
        SCAN,
        /** Rows of a rescanned file stay when the scan writes them again; the column names the scan that last did. */
        KEPT
    }

    /** Validates the names. */
    public TableScope {
        identifier("table", table);
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        parentColumns = List.copyOf(parentColumns == null ? List.of() : parentColumns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a scope of " + table + " needs a column");
        }
        columns.forEach(c -> identifier("column", c));
        if (kind == Kind.PARENT || kind == Kind.FILE_OF_PARENT) {
            identifier("parentTable", parentTable);
            parentColumns.forEach(c -> identifier("parent column", c));
            if (parentColumns.size() != columns.size()) {
                throw new IllegalArgumentException("scope of " + table + ": " + columns.size() + " column(s) " + columns
                        + " but " + parentColumns.size() + " parent column(s) " + parentColumns);
            }
        } else if (columns.size() != 1 || parentTable != null || !parentColumns.isEmpty()) {
            throw new IllegalArgumentException("a " + kind + " scope of " + table + " has exactly one column and no parent");
        }
    }

    /** Rows of {@code table} belong to the file named in {@code fileColumn}. */
    public static TableScope file(String table, String fileColumn) {
        return new TableScope(table, Kind.FILE, List.of(fileColumn), null, List.of());
    }

    /** Rows of {@code table} go with the row of {@code parentTable} whose {@code parentKey} equals their {@code column}. */
    public static TableScope parent(String table, String column, String parentTable, String parentKey) {
        return new TableScope(table, Kind.PARENT, List.of(column), parentTable, List.of(parentKey));
    }

    /** A parent named by several columns (a composite key). */
    public static TableScope parent(String table, List<String> columns, String parentTable, List<String> parentKeys) {
        return new TableScope(table, Kind.PARENT, columns, parentTable, parentKeys);
    }

    /**
     * Rows of {@code table} go with the row of {@code parentTable} whose {@code parentKey} equals their {@code column},
     * and are replaced whenever that row's file is rescanned, even when the rescan keeps the parent row.
     */
    public static TableScope fileOfParent(String table, String column, String parentTable, String parentKey) {
        return new TableScope(table, Kind.FILE_OF_PARENT, List.of(column), parentTable, List.of(parentKey));
    }

    /** Rows of {@code table} belong to the scan whose id is in {@code scanColumn}. */
    public static TableScope scan(String table, String scanColumn) {
        return new TableScope(table, Kind.SCAN, List.of(scanColumn), null, List.of());
    }

    /**
     * Rows of {@code table} that a scan writes again (or confirms unchanged, setting {@code scanColumn} to its
     * {@link drift.storage.api.ScanContext#id() id}) stay when their file is rescanned; the others of that file go at
     * the end of the scan, with the rows of other tables that go with them.
     */
    public static TableScope kept(String table, String scanColumn) {
        return new TableScope(table, Kind.KEPT, List.of(scanColumn), null, List.of());
    }

    private static void identifier(String what, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be an SQL identifier, was '" + name + "'");
        }
    }
}
