/**
 * Drift's store as a Model Context Protocol server for AI agents ({@code drift mcp}): one tool per question
 * (status, patterns, functions, callers and callees, data reachable, who reaches a table, impact, contracts,
 * scans, read-only SQL, and every installed domain's named queries), each answer bounded and paged. Built on
 * the official MCP Java SDK; uses only the public library API of the storage and domain modules.
 */
module drift.mcp {
    requires drift.storage.api;
    requires drift.domain.patterns;
    requires drift.domain.callgraph;
    requires drift.domain.contracts;
    requires io.modelcontextprotocol.sdk.mcp.core;
    requires io.modelcontextprotocol.sdk.mcp.json.jackson3;
    requires reactor.core;
    requires tools.jackson.databind;
    requires org.slf4j;

    exports drift.mcp;
}
