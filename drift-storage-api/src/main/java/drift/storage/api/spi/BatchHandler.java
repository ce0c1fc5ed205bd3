package drift.storage.api.spi;

import drift.storage.api.SqlWriter;

import java.util.List;

/**
 * Writes a batch of one row type inside the writer's transaction. Validate every row first and throw
 * {@link drift.storage.api.RowRejectedException} with the row's index and field: the engine then rolls
 * the batch back whole.
 *
 * @param <R> the row type
 */
@FunctionalInterface
public interface BatchHandler<R> {
    /** Writes {@code rows}. */
    void write(SqlWriter writer, List<R> rows);
}
