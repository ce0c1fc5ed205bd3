package drift.mcp.internal;

/**
 * One MCP tool: its name, a description written for an agent (what it answers, when to use it), its input
 * schema, and its handler. Handlers use the public library API only.
 */
public interface DriftTool {
    /** The tool's name ({@code [a-z0-9_]+}). */
    String name();

    /**
     * Whether the question can be asked of every repository of a server's database at once ({@code all_repos}): one
     * whose answer spans codebases (who calls this, who reaches this table), not one about a single store.
     */
    default boolean spansRepositories() {
        return false;
    }

    /** What it answers and when to use it, for an agent choosing among tools. */
    String description();

    /** Its arguments. */
    Schema schema();

    /** Answers a call; a {@link ToolError} is the agent's error message. */
    Answer call(Call call);
}
