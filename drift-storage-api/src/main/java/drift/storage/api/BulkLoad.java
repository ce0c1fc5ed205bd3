package drift.storage.api;

import java.util.List;

/**
 * A bulk load in progress ({@link DatabaseManager#bulkLoad()}): the non-unique indexes of the tables that
 * were empty when it started wait for its end, and closing it builds them.
 */
public interface BulkLoad extends AutoCloseable {
    /** The indexes this load builds when it closes, by name (empty when every table had rows already). */
    List<String> deferredIndexes();

    /**
     * Flushes the batch writer, then builds the waiting indexes in one transaction; the store is then as if
     * every row had been written with its indexes in place. Batch failures are thrown as
     * {@link WriteBatch#flushAndWait()} throws them, after the indexes are built. Closing twice does nothing.
     */
    @Override
    void close();
}
