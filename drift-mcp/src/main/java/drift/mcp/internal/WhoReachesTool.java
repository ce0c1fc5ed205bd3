package drift.mcp.internal;

import drift.domain.callgraph.CallGraphStore;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code who_reaches}: the entry points that reach a table or field, one shortest path each. */
final class WhoReachesTool implements DriftTool {
    @Override
    public String name() {
        return "who_reaches";
    }

    @Override
    public boolean spansRepositories() {
        return true;
    }

    @Override
    public String description() {
        return "Which entry points (HTTP handlers, main methods, commands, scheduled jobs, message listeners) can reach a table, "
                + "or one field of it, through calls: each with one shortest call path from the entry point to the code that accesses "
                + "the data. Use it for 'who can read patients.ssn?' or to find every route that writes a table.";
    }

    @Override
    public Schema schema() {
        return Schema.object().string("table", "The table.", true)
                .string("field", "Only access naming this field of the table.", false)
                .paged(10);
    }

    @Override
    public Answer call(Call call) {
        String table = call.args().string("table");
        String field = call.args().optString("field");
        CallGraphStore cg = CallGraphStore.of(call.store().db());
        return call.pager().page(10, () -> {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("table", table);
            head.put("field", field);
            return head;
        }, (offset, max) -> {
            // a page of the answer: only its entry points' paths are read back
            drift.domain.callgraph.EntryPage page = cg.whoReaches(table, field, offset, max);
            return new Pager.Slice(page.entries().stream().map(Maps::entryPath).toList(), offset + page.entries().size() < page.total(),
                    (long) page.total());
        },
                h -> "entry points reaching " + table + (field == null ? "" : "." + field),
                m -> m.get("id") + "  " + m.get("hops") + " hops  via " + String.join(" -> ", CallersTool.strings(m.get("path"))));
    }
}
