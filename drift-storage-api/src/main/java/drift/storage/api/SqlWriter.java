package drift.storage.api;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

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

    /**
     * Runs {@code work} with the non-unique indexes of {@code table} dropped, then builds them again, all
     * in the current transaction (a failure rolls the drops back too). For work that rewrites much of a
     * table (every call resolved at once, say): one sort per index then costs less than keeping each
     * index current row by row, which inserts at a random place of an index as large as the table.
     * Statements inside {@code work} cannot use those indexes.
     */
    <T> T withIndexesRebuilt(String table, Supplier<T> work);

    /**
     * Runs {@code undo} if what has been written so far is rolled back: the current batch (a rejected
     * batch rolls back to its savepoint) or the whole transaction (a failed commit, a failed write
     * callback). This is how a writer-side cache, such as a {@link KeyCache}, stays true to the database.
     * Undo actions run on the writer thread, newest first; they are dropped once the transaction commits.
     * The same action registered again within one batch runs once.
     */
    void onRollback(Runnable undo);

    /**
     * This database's instance of writer-side state: the same object for the same key in every batch
     * handler and write callback until the database closes, created by the key on first use.
     */
    <T> T local(WriterLocal<T> key);

    /**
     * The scan this write belongs to, when it is part of one ({@link DatabaseManager#beginScan}); empty for
     * writes outside a scan.
     */
    Optional<ScanContext> scan();
}
