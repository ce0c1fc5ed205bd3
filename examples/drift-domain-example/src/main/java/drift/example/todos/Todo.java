package drift.example.todos;

import drift.storage.api.RowRejectedException;
import drift.storage.api.RowType;

import java.util.Set;

/**
 * A TODO/FIXME/HACK marker in code (todos.ndjson).
 *
 * @param file the file
 * @param line the line
 * @param kind TODO, FIXME or HACK
 * @param text what it says
 * @param author who wrote it, or null
 */
public record Todo(String file, long line, String kind, String text, String author) {
    /** The row type of todos.ndjson. */
    public static final RowType<Todo> TYPE = RowType.of("todos", "marker", Todo.class);

    private static final Set<String> KINDS = Set.of("TODO", "FIXME", "HACK");

    /** Validates every field; errors name the field. */
    public Todo {
        if (file == null || file.isBlank()) {
            throw new RowRejectedException(-1, "file", "is required");
        }
        if (line < 0) {
            throw new RowRejectedException(-1, "line", "must not be negative, was " + line);
        }
        if (!KINDS.contains(kind)) {
            throw new RowRejectedException(-1, "kind", "must be TODO, FIXME or HACK, was '" + kind + "'");
        }
        if (text == null) {
            throw new RowRejectedException(-1, "text", "is required");
        }
    }
}
