package drift.domain.callgraph;

import drift.storage.api.RowRejectedException;

import java.util.List;

/**
 * A function reading or writing a table (FORMAT.md, data_access.ndjson).
 *
 * @param functionId the function (must exist when the row is written)
 * @param table the table
 * @param operation read, write or delete
 * @param fields the columns touched
 * @param line where
 */
public record DataAccessRow(String functionId, String table, Operation operation, List<String> fields, long line) {
    /** Validates every field; errors name the field. */
    public DataAccessRow {
        Checks.notEmpty("function_id", functionId);
        Checks.notEmpty("table", table);
        if (operation == null) {
            throw new RowRejectedException(-1, "operation", "is required");
        }
        fields = List.copyOf(fields == null ? List.of() : fields);
        for (int i = 0; i < fields.size(); i++) {
            Checks.notEmpty("fields[" + i + "]", fields.get(i));
        }
        Checks.notNegative("line", line);
    }
}
