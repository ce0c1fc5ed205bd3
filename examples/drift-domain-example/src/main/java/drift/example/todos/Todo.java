package drift.example.todos;

import drift.storage.api.RowRejectedException;

/**
 * A TODO/FIXME/HACK marker in code: one line of todos.ndjson, the row of {@link TodoStore#MARKER}. A
 * marker is identified by its place: writing another marker at the same file and line replaces it.
 *
 * @param file the file, required
 * @param line the line, not negative
 * @param kind TODO, FIXME or HACK, required
 * @param text what the comment says after the marker word, required
 * @param author who wrote it, or null when unknown
 */
public record Todo(String file, long line, TodoKind kind, String text, String author) {
    /** Validates every field; errors name the field. */
    public Todo {
        if (file == null || file.isBlank()) {
            throw new RowRejectedException(-1, "file", "is required");
        }
        if (line < 0) {
            throw new RowRejectedException(-1, "line", "must not be negative, was " + line);
        }
        if (kind == null) {
            throw new RowRejectedException(-1, "kind", "is required (TODO, FIXME or HACK)");
        }
        if (text == null || text.isBlank()) {
            throw new RowRejectedException(-1, "text", "is required");
        }
        if (author != null && author.isBlank()) {
            author = null;
        }
    }
}
