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

    /**
     * The data version of this snapshot: a number every committed write moves on, from any process. Equal
     * numbers mean the same data, so state derived from the data can be reused while it holds. -1 when the
     * store cannot say (a database not migrated since versions were kept): then nothing derived is reusable.
     */
    long dataVersion();

    /** The SQL this store speaks, for the few statements that differ between engines. */
    SqlDialect dialect();

    /** This database's instance of {@code key}'s state, shared by every reader; created on first use. */
    <T> T local(DatabaseLocal<T> key);
}
