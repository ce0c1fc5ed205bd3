/**
 * The tools (one small type each, registered from a list at start), their argument parsing, and the pager
 * that keeps every answer bounded: a limit, an opaque cursor bound to the tool, its arguments and the store's
 * data version, a byte cap and an optional token budget.
 */
package drift.mcp.internal;
