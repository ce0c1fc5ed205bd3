package drift.storage.api.spi;

import drift.storage.api.SqlWriter;

import java.util.List;

/**
 * Writes a batch of one row type inside the writer's transaction. Validate every row first and throw
 * {@link drift.storage.api.RowRejectedException} with the row's index and field: the engine then rolls
 * the batch back whole.
 *
 * <p>The engine may hand one call the rows of several consecutive batches of the type (in order), so
 * that a handler can sort a whole transaction's rows by index key at once. If that call fails, nothing
 * of it stays and each batch is written again on its own, so a bad batch is still rolled back alone and
 * named by its own row index. A handler must therefore give the same result for the rows of A and B
 * together as for A, then B: rows with the same key combine as if written one after the other.
 *
 * @param <R> the row type
 */
@FunctionalInterface
public interface BatchHandler<R> {
    /** Writes {@code rows}. */
    void write(SqlWriter writer, List<R> rows);
}
