package drift.storage.api;

/** Receives rows one at a time, so memory is bounded by what the caller keeps. */
@FunctionalInterface
public interface RowCallback {
    /**
     * Handles the current row.
     *
     * @return {@code true} to go on, {@code false} to stop reading
     */
    boolean accept(Row row);
}
