package drift.storage.api;

import java.util.Collection;
import java.util.Map;

/**
 * The batch writer: typed rows of any installed domain go to one writer thread through a bounded queue
 * and are committed in large transactions (by row count and by time). Thread-safe.
 *
 * <p>Each {@link #addAll} call is one atomic batch: if any of its rows is rejected or fails to write,
 * the whole batch is rolled back and its {@link BatchFailedException} is thrown by the next
 * {@link #flushAndWait()} or {@link #close()}. Other batches are not affected. Nothing is silently dropped.
 *
 * <p>When the queue is full, {@code add}/{@code addAll} block until the writer catches up (back-pressure).
 */
public interface WriteBatch extends AutoCloseable {
    /**
     * Adds one row; single rows of a type are gathered into batches of their own.
     *
     * @throws StorageException {@code INVALID_ARGUMENT} when no installed domain accepts {@code type}
     */
    <R> void add(RowType<R> type, R row);

    /**
     * Submits {@code rows} as one atomic batch.
     *
     * @return the batch's sequence number, which a {@link BatchFailedException} for it carries
     *         ({@link BatchFailedException#batchId()}); 0 when {@code rows} is empty
     */
    <R> long addAll(RowType<R> type, Collection<? extends R> rows);

    /** Asks the writer to commit what it holds, without waiting. */
    void flush();

    /**
     * Returns once everything submitted before this call is committed or has failed.
     *
     * @throws BatchFailedException the first batch that failed since the previous call (others are
     *         attached as suppressed)
     */
    void flushAndWait();

    /** Rows committed so far, by row type name ({@code domain/kind}); counted only after a commit. */
    Map<String, Long> committedRows();

    /**
     * Same as {@link #flushAndWait()}: the writer thread belongs to the database and stops when the
     * {@link DatabaseManager} closes, which also throws any failure not yet reported.
     */
    @Override
    void close();
}
