package drift.storage.api;

/**
 * Writes one row's values, in column order, for a bulk write.
 *
 * @param <R> the row type
 */
@FunctionalInterface
public interface RowBinder<R> {
    /** Appends {@code row}'s values to {@code values}. */
    void bind(R row, Values values);
}
