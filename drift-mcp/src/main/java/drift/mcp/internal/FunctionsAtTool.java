package drift.mcp.internal;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.FunctionRow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code functions_at}: the functions containing a file's line. */
final class FunctionsAtTool implements DriftTool {
    @Override
    public String name() {
        return "functions_at";
    }

    @Override
    public String description() {
        return "The function(s) whose lines contain FILE:LINE, innermost first (a lambda inside its method, a method inside "
                + "its class initializer), with their ids for callers, callees, reachable_data and impact. Says when the "
                + "functions at that line do not nest (two constructors sharing field initializers), so no guess is made.";
    }

    @Override
    public Schema schema() {
        return Schema.object().string("file", "A source file, as stored (e.g. src/app/users.ts or com/acme/Users.java).", true)
                .requiredInteger("line", "A line number in it.", 0);
    }

    @Override
    public Answer call(Call call) {
        String file = call.args().string("file");
        long line = call.args().integer("line", 0, 0, Integer.MAX_VALUE);
        List<FunctionRow> at = CallGraphStore.of(call.store().db()).functionsAt(file, line);
        boolean nested = true;
        for (int i = 1; i < at.size(); i++) {
            FunctionRow inner = at.get(0);
            FunctionRow other = at.get(i);
            nested &= other.startLine() <= inner.startLine() && inner.endLine() <= other.endLine()
                    && (other.startLine() != inner.startLine() || other.endLine() != inner.endLine());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", file);
        out.put("line", line);
        out.put("functions", at.stream().map(Maps::function).toList());
        out.put("nested", nested);
        if (!at.isEmpty()) {
            out.put("innermost", nested ? at.get(0).id() : null);
        }
        StringBuilder text = new StringBuilder();
        if (at.isEmpty()) {
            text.append("no function contains ").append(file).append(':').append(line).append('\n');
        } else {
            text.append(at.size()).append(" function(s) at ").append(file).append(':').append(line)
                    .append(nested ? ", innermost first" : ": their lines do not nest, name one by its id").append('\n');
            at.forEach(f -> text.append(f.id()).append("  lines ").append(f.startLine()).append('-').append(f.endLine()).append('\n'));
        }
        return Pager.single(out, text.toString());
    }
}
