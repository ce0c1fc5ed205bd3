package drift.storage.api;

/**
 * Turns the current {@link Row} into a value.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface RowMapper<T> {
    /** Maps the current row; the row must not be kept. */
    T map(Row row);
}
