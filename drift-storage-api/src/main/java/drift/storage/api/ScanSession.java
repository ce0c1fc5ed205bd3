package drift.storage.api;

import java.util.Collection;
import java.util.function.Function;

/**
 * One scan being written: a unit of work that is committed whole or not at all
 * ({@link DatabaseManager#beginScan}). Until {@link #commit()} returns, every reader (other threads, other
 * processes) sees the store as it was before the scan began; a crash, a kill, a power cut or a failure at
 * any moment leaves exactly that store. Other writers of the same database wait until the scan ends.
 *
 * <p>A producer declares each file before it writes that file's rows: {@link #file} says whether the
 * file's rows must be written (its content changed) or stay as they are, and removes what the store held
 * for a changed file in every covered domain. Rows go in with {@link #add}; the domains' facades work too,
 * from the thread that began the scan (the session is bound to it, like a transaction). Then
 * {@link #commit()} runs the domains' end-of-scan steps (call resolution, say), records the scan and makes
 * everything visible at once.
 *
 * <p>Not thread-safe, except {@link #add} (from any thread) and {@link #abandon()} (from any thread, a
 * signal handler's say: it stops the writer promptly).
 */
public interface ScanSession extends AutoCloseable {
    /** The scan's id (also the id it has in the history). */
    long id();

    /** What this scan was begun with. */
    ScanRequest request();

    /**
     * Declares a file of this scan. A file whose hash equals the stored one in every covered domain is
     * {@link FileChange#UNCHANGED}: its rows stay and the producer writes nothing for it. Otherwise what the
     * store held for the file (in every covered domain) is removed now, and the producer writes its rows.
     * Declaring the same file again returns the same answer.
     *
     * @throws StorageException INVALID_ARGUMENT when the file was declared before with another hash
     */
    FileChange file(SourceFile file);

    /** {@link #file(SourceFile)} for a file with no hash: always written. */
    default FileChange file(String path) {
        return file(SourceFile.of(path));
    }

    /**
     * Declares a file whose rows the producer writes again although its content did not change (its rows
     * depend on other files too: a call site whose possible targets moved, say): answers
     * {@link FileChange#CHANGED} for a file the store holds at this hash, removes its rows, and records the hash.
     * The file may have been declared {@link #file unchanged} already (a producer learns which files depend on
     * the changed ones after declaring them all); declaring it again later returns {@code CHANGED}.
     */
    FileChange rewrite(SourceFile file);

    /**
     * Says that this scan writes every file it declares again: a rescan that rewrites most of the code (a
     * dependency bump) is loaded faster as a first scan than file by file. What the covered domains hold goes now
     * (inside the scan: readers still see it until the commit), the scan is written as a first one (indexes built
     * at its end), and every file declared, before or after, is {@link FileChange#CHANGED} (or {@code ADDED}):
     * the producer writes them all. A person's decisions stay, as with {@link ScanMode#REPLACE}. The manifest of
     * the scan's start stays readable ({@link #storedFiles}, {@link #stored}).
     *
     * @throws StorageException INVALID_ARGUMENT after a row or a write of this scan, or in a {@link ScanMode#MERGE} (which
     *         keeps the files it does not declare)
     */
    void rewriteAll();

    /**
     * The files the store holds for the covered domains when the scan began (its manifest), so a producer can
     * tell which of them its snapshot no longer has. Empty for a {@link ScanMode#REPLACE}.
     */
    java.util.Set<String> storedFiles();

    /**
     * A file as the store held it when the scan began, when every covered domain holds it at one content hash
     * (with the interface hash they agree on, or none); empty otherwise, and for a {@link ScanMode#REPLACE}.
     */
    java.util.Optional<SourceFile> stored(String path);

    /** Removes what the store holds for a file that no longer exists (a snapshot does it for every undeclared file). */
    void removeFile(String path);

    /**
     * Records {@code key = value} with the scan, beside its request's attributes (a producer's own facts: what
     * it read, a fingerprint of its inputs for the next scan to compare). A later value for a key replaces it.
     */
    void attribute(String key, String value);

    /**
     * Submits rows as one atomic batch of this scan. A rejected batch is rolled back alone and reported by
     * the next {@link #flush()} (or {@link #commit()}); the scan goes on.
     *
     * @return the batch's sequence number ({@link BatchFailedException#batchId()})
     */
    <R> long add(RowType<R> type, Collection<? extends R> rows);

    /** Runs {@code work} on the writer, inside this scan (undone if the scan does not commit). */
    <T> T write(Function<SqlWriter, T> work);

    /**
     * Waits until every row submitted to this scan is written (not yet committed: that is {@link #commit()}).
     *
     * @throws BatchFailedException the first batch of this scan that failed since the last flush (others suppressed)
     * @throws StorageException CANCELLED once the scan was abandoned; IO when the disk filled up or another
     *         I/O error ended the scan (it is then rolled back and can only be closed)
     */
    void flush();

    /**
     * Finishes the scan: removes the files a snapshot did not declare, runs the domains' end-of-scan steps,
     * records the scan and commits, all in the scan's one transaction.
     *
     * @return the scan as recorded
     * @throws BatchFailedException a batch failed since the last flush: nothing is committed, the scan is
     *         rolled back and recorded as failed
     * @throws StorageException any other failure, after the same rollback
     */
    ScanInfo commit();

    /**
     * Rolls the scan back: nothing of it stays; it is recorded as abandoned. Safe from any thread and any
     * number of times; a statement the writer is running for the scan is interrupted.
     */
    void abandon();

    /**
     * Rolls the scan back because of what the producer found (bad input it will not store in part): nothing
     * of it stays; it is recorded as failed, with {@code reason}. Waits for the rollback.
     */
    void fail(String reason);

    /** Whether {@link #abandon()} was called (or the scan ended without a commit). */
    boolean abandoned();

    /** Abandons the scan unless it was committed. */
    @Override
    void close();
}
