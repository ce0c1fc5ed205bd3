package drift.mcp.internal;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.FunctionRow;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.List;
import java.util.Map;

/**
 * The function a call-graph tool starts from: {@code function} (its id, its name, or a qualified name), or
 * {@code file} and {@code line} (the innermost function containing that line; lines in several functions that
 * do not nest are an error listing them).
 */
final class FunctionArg {
    private FunctionArg() {
    }

    static Schema add(Schema s) {
        return s.string("function", "The function's id (as other answers give it), its name, or, when several share the name, "
                        + "a qualified name: Type#name, Type.name or file:name (e.g. Users#save, com.acme.Users.save, src/users.ts:save), "
                        + "with a JVM method's parameters to pick an overload (Users#save(long), Users#save(String)). "
                        + "Give this, or file and line.", false)
                .string("file", "A source file, as stored (e.g. src/app/users.ts or com/acme/Users.java) or as in the repository "
                        + "(src/main/java/com/acme/Users.java: the stored file it ends with), with line.", false)
                .requiredIntegerIfFile();
    }

    /** The function the arguments name, with a note when the line picked the innermost of nested ones. */
    static Resolved resolve(Call call) {
        Args a = call.args();
        CallGraphStore cg = CallGraphStore.of(call.store().db());
        String function = a.optString("function");
        String file = a.optString("file");
        boolean hasLine = a.has("line");
        if (function != null && (file != null || hasLine)) {
            throw new ToolError("give either 'function' or 'file' and 'line', not both");
        }
        if (function != null) {
            try {
                return new Resolved(cg.function(function), null);
            } catch (StorageException e) {
                if (e.code() == StorageErrorCode.NOT_FOUND) {
                    throw new ToolError(e.getMessage() + " (functions_at with a file and line lists the functions there)");
                }
                throw new ToolError(e.getMessage());
            }
        }
        if (file == null || !hasLine) {
            throw new ToolError("name the function: 'function' (an id or a unique name), or 'file' and 'line'");
        }
        long line = a.integer("line", 0, 0, Integer.MAX_VALUE);
        List<FunctionRow> at = cg.functionsAt(file, line);
        FunctionRow f = cg.functionAt(file, line)
                .orElseThrow(() -> new ToolError("no function contains " + file + ":" + line + " (is the file stored under that path? "
                        + "functions_at lists what is there)"));
        return new Resolved(f, at.size() > 1 ? "the innermost of " + at.size() + " nested functions at " + file + ":" + line : null);
    }

    /** The function and, when the line was in nested functions, which one was picked. */
    record Resolved(FunctionRow function, String note) {
        Map<String, Object> describe() {
            Map<String, Object> m = Maps.function(function);
            if (note != null) {
                m.put("picked", note);
            }
            return m;
        }
    }
}
