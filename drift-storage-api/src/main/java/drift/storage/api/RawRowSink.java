package drift.storage.api;

import java.util.List;

/**
 * Receives the rows of a raw read-only query one at a time ({@link DatabaseManager#streamRaw}), as SQLite
 * produces them: memory stays flat whatever the size of the result.
 */
public interface RawRowSink {
    /** The column names, once, before the first row (also when there are no rows). */
    void columns(List<String> names);

    /**
     * One row's values in column order ({@code Long}, {@code Double}, {@code String}, {@code byte[]} or
     * {@code null}); the list is the sink's to keep.
     *
     * @return true for the next row, false to stop here
     */
    boolean row(List<Object> values);
}
