package drift.mcp.internal;

import drift.storage.api.QueryInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A domain's named read queries as tools: {@code domain_query} runs any of them by name, and each query of a
 * domain this server has no tools of its own for (a drop-in domain from {@code mods/}) is also a tool of its
 * own, {@code <domain>_<query>}, its parameters its arguments. So a domain dropped into {@code mods/} reaches
 * agents with no change here.
 */
final class DomainQueryTool implements DriftTool {
    private final QueryInfo query;
    private final List<QueryInfo> all;

    private DomainQueryTool(QueryInfo query, List<QueryInfo> all) {
        this.query = query;
        this.all = all;
    }

    /** The generic tool over every query in {@code all}. */
    static DomainQueryTool generic(List<QueryInfo> all) {
        return new DomainQueryTool(null, List.copyOf(all));
    }

    /** The tool of one query. */
    static DomainQueryTool of(QueryInfo query) {
        return new DomainQueryTool(query, List.of(query));
    }

    @Override
    public String name() {
        return query == null ? "domain_query" : toolName(query);
    }

    /** {@code <domain>_<query>}, in the characters tool names allow. */
    static String toolName(QueryInfo q) {
        String n = (q.domain() + "_" + q.name()).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        return n.length() > 64 ? n.substring(0, 64) : n;
    }

    @Override
    public String description() {
        if (query != null) {
            return "From the '" + query.domain() + "' domain: " + query.description() + " (its named query '" + query.name()
                    + "'; every argument is text).";
        }
        return "Run a named read query of any installed domain, including drop-in ones: give domain, query and its arguments "
                + "(all text). The queries: " + all.stream().map(q -> q.domain() + "/" + q.name()
                + (q.parameters().isEmpty() ? "" : "(" + String.join(", ", q.parameters()) + ")")).collect(Collectors.joining("; "))
                + ". Prefer the dedicated tools where one fits.";
    }

    @Override
    public Schema schema() {
        Schema s = Schema.object();
        if (query == null) {
            s.choice("domain", "The domain.", all.stream().map(QueryInfo::domain).distinct().toList(), true)
                    .string("query", "The query's name.", true)
                    .stringMap("arguments", "The query's arguments by name.");
        } else {
            for (String p : query.parameters()) {
                s.string(p, "The query's '" + p + "' argument.", false);
            }
        }
        return s.paged(25);
    }

    @Override
    public Answer call(Call call) {
        Args a = call.args();
        QueryInfo q = query;
        Map<String, String> arguments = new LinkedHashMap<>();
        if (q == null) {
            String domain = a.string("domain");
            String name = a.string("query");
            q = all.stream().filter(x -> x.domain().equals(domain) && x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ToolError("domain '" + domain + "' has no query '" + name + "'; its queries: "
                            + all.stream().filter(x -> x.domain().equals(domain)).map(QueryInfo::name).toList()));
            arguments.putAll(a.stringMap("arguments"));
        } else {
            for (String p : q.parameters()) {
                Object v = a.has(p) ? a.optString(p) : null;
                if (v != null) {
                    arguments.put(p, (String) v);
                }
            }
        }
        QueryInfo chosen = q;
        return call.pager().page(25, () -> {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("domain", chosen.domain());
            head.put("query", chosen.name());
            return head;
        }, (offset, max) -> Pager.Slice.of(call.store().db().query(chosen.domain(), chosen.name(), arguments), offset, max),
                h -> h.get("domain") + "/" + h.get("query"),
                m -> m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("  ")));
    }
}
