package drift.storage.api.spi;

/**
 * Rows the engine is about to remove from a domain's tables, as its {@link DomainRegistrar#beforeRemoval}
 * hook sees them: the hook moves the domain's own derived state (counters, a full-text index, the names
 * whose calls need resolving again) in the same transaction, before the rows go.
 */
public interface Removal {
    /** Whether rows of {@code table} are about to be removed. */
    boolean affects(String table);

    /**
     * An SQL condition true for exactly the rows of {@code table} about to be removed, to put after
     * {@code WHERE} in a statement over that table (unqualified, so the table must not be aliased);
     * {@code 0} when none are.
     */
    String where(String table);
}
