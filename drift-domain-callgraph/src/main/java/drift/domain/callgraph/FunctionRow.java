package drift.domain.callgraph;

import drift.storage.api.RowRejectedException;

/**
 * A function (FORMAT.md, functions.ndjson).
 *
 * @param id unique, conventionally {@code file:name:start_line}
 * @param name the name calls use
 * @param file the file
 * @param startLine first line
 * @param endLine last line (not before startLine)
 * @param language source language, or null
 * @param entryPoint whether outside code calls it (a route handler, a main)
 * @param exported whether it is exported
 * @param async whether it is async
 */
public record FunctionRow(String id, String name, String file, long startLine, long endLine, String language,
                          boolean entryPoint, boolean exported, boolean async) {
    /** Validates every field; errors name the field. */
    public FunctionRow {
        Checks.notEmpty("id", id);
        Checks.notEmpty("name", name);
        Checks.notEmpty("file", file);
        Checks.notNegative("start_line", startLine);
        if (endLine < startLine) {
            throw new RowRejectedException(-1, "end_line", "must not be before start_line " + startLine + ", was " + endLine);
        }
    }
}
