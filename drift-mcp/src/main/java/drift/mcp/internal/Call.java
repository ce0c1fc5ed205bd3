package drift.mcp.internal;

/**
 * One tool call: its arguments, the store, and the pager for list answers.
 *
 * @param tool the tool's name
 * @param args the arguments
 * @param store the database
 */
public record Call(String tool, Args args, Store store) {
    /** The pager for this call's list answer. */
    public Pager pager() {
        return new Pager(this);
    }
}
