package drift.mcp.internal;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.ReachOptions;
import drift.domain.callgraph.Reachability;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code reachable_data}: the data access a function reaches, each with its call path. */
final class ReachableDataTool implements DriftTool {
    @Override
    public String name() {
        return "reachable_data";
    }

    @Override
    public String description() {
        return "What data a function can reach through the calls it makes: every table access (read, write, delete) within "
                + "max_depth calls, each with its fields (sensitive ones marked credential, financial, health or pii) and one "
                + "shortest call path from the function to the code that touches the table. Start from a function id or a "
                + "FILE:LINE inside it (a route handler, say). Use it to answer 'can this endpoint touch passwords?'.";
    }

    @Override
    public Schema schema() {
        return FunctionArg.add(Schema.object())
                .integer("max_depth", "How many calls deep to follow.", 0, 1000, 100L)
                .string("table", "Only access to this table.", false)
                .bool("sensitive_only", "Only access touching a sensitive field.")
                .paged(10);
    }

    @Override
    public Answer call(Call call) {
        Args a = call.args();
        ReachOptions options = new ReachOptions((int) a.integer("max_depth", 100, 0, 1000), a.optString("table"),
                a.bool("sensitive_only", false));
        CallGraphStore cg = CallGraphStore.of(call.store().db());
        Reachability[] reach = new Reachability[1];
        return call.pager().page(10, () -> {
            FunctionArg.Resolved from = FunctionArg.resolve(call);
            reach[0] = cg.getReachableDataFrom(from.function().id(), options)
                    .orElseThrow(() -> new ToolError("the function " + from.function().id() + " is no longer stored"));
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("from", from.describe());
            head.put("reached_functions", reach[0].reachedFunctions());
            return head;
        }, (offset, max) -> Pager.Slice.of(reach[0].access(), offset, max, Maps::access),
                h -> "data reachable from " + ((Map<?, ?>) h.get("from")).get("id") + " (" + h.get("reached_functions") + " functions reached)",
                m -> m.get("operation") + " " + m.get("table") + " " + fields(m) + "  in " + m.get("function") + ":" + m.get("line")
                        + "  via " + String.join(" -> ", CallersTool.strings(m.get("path"))));
    }

    static String fields(Map<String, Object> access) {
        StringBuilder b = new StringBuilder("[");
        for (Object f : (Iterable<?>) access.get("fields")) {
            Map<?, ?> field = (Map<?, ?>) f;
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(field.get("name"));
            if (field.get("sensitivity") != null) {
                b.append(" (").append(field.get("sensitivity")).append(')');
            }
        }
        return b.append(']').toString();
    }
}
