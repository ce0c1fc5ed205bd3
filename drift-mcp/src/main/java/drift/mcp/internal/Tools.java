package drift.mcp.internal;

import drift.storage.api.QueryInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The server's tools, registered from this list at start. */
public final class Tools {
    /** Domains with tools of their own here; other domains' named queries become tools of their own. */
    private static final Set<String> COVERED = Set.of("patterns", "callgraph", "contracts");

    private Tools() {
    }

    /**
     * Every tool: the fixed ones, {@code domain_query}, and one per named query of each installed domain not covered
     * by the fixed ones ({@code queries}: what the store's installed domains offer, empty when it cannot be opened).
     */
    public static List<DriftTool> all(List<QueryInfo> queries) {
        List<DriftTool> tools = new ArrayList<>(List.of(new StatusTool(), new SearchPatternsTool(), new GetPatternTool(),
                new FunctionsAtTool(), CallersTool.callers(), CallersTool.callees(), new ReachableDataTool(), new WhoReachesTool(),
                new ImpactTool(), new ContractsTool(), new ScansTool(), new SqlTool()));
        if (!queries.isEmpty()) {
            tools.add(DomainQueryTool.generic(queries));
        }
        for (QueryInfo q : queries) {
            if (!COVERED.contains(q.domain())) {
                tools.add(DomainQueryTool.of(q));
            }
        }
        return tools;
    }
}
