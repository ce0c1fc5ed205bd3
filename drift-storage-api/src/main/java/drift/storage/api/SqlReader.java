package drift.storage.api;

import java.util.List;
import java.util.Optional;

/**
 * Read access inside a {@link DatabaseManager#read} call (or a write). Parameters are always bound,
 * never pasted into SQL; allowed parameter types are {@code String}, integral and floating numbers,
 * {@code Boolean} (as 0/1), {@code byte[]}, enums (by name) and {@code null}. All reads of one call see
 * one consistent snapshot.
 */
public interface SqlReader {
    /** All rows, mapped. */
    <T> List<T> list(String sql, RowMapper<T> mapper, Object... params);

    /** The first row, mapped, if there is one. */
    <T> Optional<T> first(String sql, RowMapper<T> mapper, Object... params);

    /** Streams rows to {@code callback} until it returns false; memory stays bounded. */
    void forEach(String sql, RowCallback callback, Object... params);

    /** The first column of the first row as a long; 0 when there is no row or it is NULL. */
    long queryLong(String sql, Object... params);
}
