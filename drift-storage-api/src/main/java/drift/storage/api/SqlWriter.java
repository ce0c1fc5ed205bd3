package drift.storage.api;

import java.util.Collection;

/**
 * Write access, given only to batch handlers and {@link DatabaseManager#write} callbacks, always inside
 * a transaction that the engine commits or rolls back.
 */
public interface SqlWriter extends SqlReader {
    /** Runs one statement; returns the number of changed rows. */
    int update(String sql, Object... params);

    /**
     * Inserts many rows with as few statements (and native crossings) as SQLite allows.
     *
     * @return the number of rows changed
     */
    <R> int insertAll(BulkInsert insert, Collection<? extends R> rows, RowBinder<? super R> binder);

    /**
     * Runs one parameterised statement once per row (an {@code UPDATE} or {@code DELETE} per row, say).
     *
     * @return the total number of changed rows
     */
    <R> int executeEach(String sql, Collection<? extends R> rows, RowBinder<? super R> binder);

    /** Runs a script of several statements without parameters (DDL, bulk maintenance). */
    void script(String sql);
}
