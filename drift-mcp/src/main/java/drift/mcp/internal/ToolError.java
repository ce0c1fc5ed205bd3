package drift.mcp.internal;

/** A tool's answer that is an error: its message is what the agent reads (no stack trace, ever). */
public final class ToolError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message for the agent. */
    public ToolError(String message) {
        super(message, null, false, false);
    }
}
