package drift.mcp.internal;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.Impact;
import drift.domain.callgraph.ReachedFunction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code impact}: what changing a function can affect. */
final class ImpactTool implements DriftTool {
    @Override
    public String name() {
        return "impact";
    }

    @Override
    public boolean spansRepositories() {
        return true;
    }

    @Override
    public String description() {
        return "The impact of changing a function: every function that calls it directly or transitively (within max_depth "
                + "calls), and the entry points among them (the routes, commands and tests that would run the changed code). "
                + "The list gives the entry points first, then the other callers, nearest first, each with its distance and "
                + "one call path to the function. Use it to judge the blast radius of an edit and which tests to run.";
    }

    @Override
    public Schema schema() {
        return FunctionArg.add(Schema.object())
                .integer("max_depth", "How many calls away to look.", 1, 1000, 50L)
                .paged(10);
    }

    @Override
    public Answer call(Call call) {
        int depth = (int) call.args().integer("max_depth", 50, 1, 1000);
        CallGraphStore cg = CallGraphStore.of(call.store().db());
        List<Map<String, Object>> items = new ArrayList<>();
        return call.pager().page(10, () -> {
            FunctionArg.Resolved from = FunctionArg.resolve(call);
            Impact impact = cg.impact(from.function().id(), depth)
                    .orElseThrow(() -> new ToolError("the function " + from.function().id() + " is no longer stored"));
            items.clear();
            impact.entryPoints().forEach(e -> items.add(Maps.reached(e)));
            for (ReachedFunction r : impact.callers()) {
                if (!r.function().entryPoint()) {
                    items.add(Maps.reached(r));
                }
            }
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("function", from.describe());
            head.put("affected_functions", impact.callers().size());
            head.put("entry_points_affected", impact.entryPoints().size());
            return head;
        }, (offset, max) -> Pager.Slice.of(items, offset, max),
                h -> "changing " + ((Map<?, ?>) h.get("function")).get("id") + " affects " + h.get("affected_functions")
                        + " calling functions and " + h.get("entry_points_affected") + " entry points",
                m -> (Boolean.TRUE.equals(m.get("entry_point")) ? "entry point " : "") + m.get("id") + "  depth " + m.get("depth")
                        + "  via " + String.join(" -> ", CallersTool.strings(m.get("path"))));
    }
}
