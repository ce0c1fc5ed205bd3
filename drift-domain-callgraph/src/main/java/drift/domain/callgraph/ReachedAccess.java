package drift.domain.callgraph;

import java.util.List;

/**
 * A data access reachable from a starting function.
 *
 * @param functionId the function that accesses the data
 * @param table the table
 * @param operation what it does
 * @param fields the fields with their sensitivity
 * @param line where
 * @param path one shortest call path, function ids from the start to {@code functionId}
 */
public record ReachedAccess(String functionId, String table, Operation operation, List<FieldInfo> fields, long line,
                            List<String> path) {
    /** Copies the lists. */
    public ReachedAccess {
        fields = List.copyOf(fields);
        path = List.copyOf(path);
    }

    /** Whether any field is sensitive. */
    public boolean sensitive() {
        return fields.stream().anyMatch(f -> f.sensitivity() != null);
    }
}
