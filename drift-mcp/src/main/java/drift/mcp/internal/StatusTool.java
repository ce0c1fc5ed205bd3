package drift.mcp.internal;

import drift.storage.api.StatusReport;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code status}: what the store holds, per domain, and its last scan. */
final class StatusTool implements DriftTool {
    @Override
    public String name() {
        return "status";
    }

    @Override
    public String description() {
        return "What the drift store holds: for each installed domain (patterns, call graph, contracts, and any other) its "
                + "counts, and the last committed scan (root, revision, when, files added/changed/removed). Call it first "
                + "to see whether the store has what you need and how fresh it is.";
    }

    @Override
    public Schema schema() {
        return Schema.object();
    }

    @Override
    public Answer call(Call call) {
        StatusReport status = call.store().db().status();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", call.store().location());
        if (call.store().server()) {
            out.put("repository", call.store().db().repository());
            out.put("repositories", call.store().repositories());
        }
        out.put("last_scan", status.lastScan().map(Maps::scan).orElse(null));
        out.put("domains", status.sections());
        StringBuilder text = new StringBuilder("drift store ").append(call.store().location()).append('\n');
        text.append(status.lastScan().map(s -> "last scan " + s.id() + " of " + s.root() + (s.revision() == null ? "" : " at " + s.revision())
                + ", " + s.endedAt() + "\n").orElse("no scan yet\n"));
        status.sections().forEach((domain, section) -> {
            text.append(domain).append(':');
            section.forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
            text.append('\n');
        });
        return Pager.single(out, text.toString());
    }
}
