package drift.storage.api;

import java.util.List;

/**
 * The rows of a raw read-only query as plain values ({@code Long}, {@code Double}, {@code String},
 * {@code byte[]} or {@code null}).
 *
 * @param columns column names
 * @param rows one list of values per row, in column order
 */
public record RawResult(List<String> columns, List<List<Object>> rows) {
    /** Copies the lists. */
    public RawResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
