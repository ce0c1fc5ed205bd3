/**
 * The benchmark runner: the workloads W1–W9 of WORKLOADS.md on a dataset folder, through the public API
 * and the domains' facades, exactly as a library user would call them.
 */
module drift.bench {
    requires drift.storage.api;
    requires drift.dataset;
    requires tools.jackson.databind;
    requires drift.domain.patterns;
    requires drift.domain.callgraph;
    requires info.picocli;
    // McpLatency: the MCP SDK's own client, timing drift mcp over stdio
    requires io.modelcontextprotocol.sdk.mcp.core;
    requires io.modelcontextprotocol.sdk.mcp.json.jackson3;
    // the client's default JSON schema validator (the SDK finds it through ServiceLoader)
    requires com.networknt.schema;
    requires java.management;
    requires jdk.management;

    opens drift.bench to info.picocli;
}
