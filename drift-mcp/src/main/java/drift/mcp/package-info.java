/**
 * The MCP server: {@link drift.mcp.DriftMcpServer#serve} answers one client over a pair of streams (stdio for
 * {@code drift mcp}) until the client closes its side.
 */
package drift.mcp;
