package drift.mcp.internal;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.CallSite;
import drift.domain.callgraph.ReachedFunction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code callers} and {@code callees}: the call sites of one function, or the functions within some calls of it. */
final class CallersTool implements DriftTool {
    private final boolean callers;

    private CallersTool(boolean callers) {
        this.callers = callers;
    }

    static CallersTool callers() {
        return new CallersTool(true);
    }

    static CallersTool callees() {
        return new CallersTool(false);
    }

    @Override
    public String name() {
        return callers ? "callers" : "callees";
    }

    @Override
    public boolean spansRepositories() {
        return true;
    }

    @Override
    public String description() {
        return callers
                ? "Who calls a function. depth 1 (the default): every call site that calls it, with the caller, the line, how "
                + "the edge was found (static, special, virtual, cha/rta: a possible override, lambda, name) and its confidence. "
                + "depth N > 1: every function that reaches it within N calls, nearest first, each with one shortest call "
                + "path. Use it before changing a function's signature or behaviour; impact adds the entry points affected."
                : "What a function calls. depth 1 (the default): every call it makes, resolved ones with the callee, calls out "
                + "of the store (a library) with their exact target as external_id, each with its kind and confidence. "
                + "depth N > 1: every function it reaches within N calls, nearest first, each with one shortest call path.";
    }

    @Override
    public Schema schema() {
        return FunctionArg.add(Schema.object())
                .integer("depth", "1: direct call sites; N: every function within N calls, with a path.", 1, 1000, 1L)
                .paged(20);
    }

    @Override
    public Answer call(Call call) {
        int depth = (int) call.args().integer("depth", 1, 1, 1000);
        CallGraphStore cg = CallGraphStore.of(call.store().db());
        FunctionArg.Resolved[] from = new FunctionArg.Resolved[1];
        return call.pager().page(20, () -> {
            from[0] = FunctionArg.resolve(call);
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("function", from[0].describe());
            head.put("depth", depth);
            return head;
        }, (offset, max) -> {
            String id = from[0].function().id();
            if (depth == 1) {
                List<CallSite> sites = callers ? cg.getCallers(id) : cg.getCallees(id);
                return Pager.Slice.of(sites, offset, max, s -> Maps.callSite(s, callers));
            }
            List<ReachedFunction> reached = (callers ? cg.transitiveCallers(id, depth) : cg.transitiveCallees(id, depth))
                    .orElseThrow(() -> new ToolError("the function " + id + " is no longer stored"));
            return Pager.Slice.of(reached, offset, max, Maps::reached);
        }, h -> (callers ? "callers of " : "callees of ") + ((Map<?, ?>) h.get("function")).get("id")
                + (depth > 1 ? " within " + depth + " calls" : ""),
                m -> depth == 1 ? line(m) : m.get("depth") + "  " + m.get("id") + "  via " + String.join(" -> ", strings(m.get("path"))));
    }

    private String line(Map<String, Object> m) {
        Object other = callers ? m.get("caller") : m.get("callee") == null ? "external " + m.get("external_id") : m.get("callee");
        return other + "  line " + m.get("call_line") + "  " + m.get("kind") + (m.get("confidence") == null ? "" : " " + m.get("confidence"));
    }

    static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }
}
