package drift.storage.jdbc;

import drift.storage.api.BatchFailedException;
import drift.storage.api.RowRejectedException;
import drift.storage.api.RowType;
import drift.storage.api.ScanInfo;
import drift.storage.api.ScanOutcome;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.BatchHandler;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one thread that writes. Batches arrive through a bounded queue (producers block when it is full)
 * and are committed together, one transaction per flush (by row count, by time, or on request). Each
 * batch runs inside its own savepoint, so a bad batch is rolled back whole while the others of the same
 * transaction commit. Write tasks run in order with the batches, each in its own transaction.
 *
 * <p>A scan is one transaction from its {@link Begin} to its {@link End}: its batches and tasks run inside
 * it (each in a savepoint), nothing is committed before the end, and everything else that arrives meanwhile
 * waits (parked, in order) until the scan has committed or rolled back.
 *
 * <p>A failed batch is reported to whoever submitted it: the scan it belongs to, or else the submitting
 * thread, at its next flush; {@link #drainAllFailures()} hands over whatever nobody collected.
 */
final class WriterThread implements Runnable {
    private final Connection connection;
    private final JdbcWriter writer;
    private final ScanWork scans;
    private final BlockingQueue<Message> queue;
    private final int flushRows;
    private final long flushNanos;
    private final Thread thread;
    private final Map<Thread, Queue<BatchFailedException>> failures = new ConcurrentHashMap<>();
    private final Map<String, Long> committed = new ConcurrentHashMap<>();
    private final List<Batch<?>> pending = new ArrayList<>();
    private int pendingRows;
    private long firstPendingAt;
    private volatile boolean running = true;
    private Runnable afterCommit = () -> { };
    private volatile Throwable died;
    /** The scan whose transaction is open; changed under {@link #scanLock}, so an abandon interrupts only its own scan. */
    private ScanState active;
    private final Object scanLock = new Object();
    /** Messages that arrived during a scan and were not its own: run, in order, once it ends. */
    private ArrayDeque<Message> parked = new ArrayDeque<>();
    private ArrayDeque<Message> replay = new ArrayDeque<>();

    sealed interface Message permits Batch, Task, Flush, Stop, Begin, Remove, ClearAll, End {
        /** The scan this message belongs to, or null. */
        ScanState scan();
    }

    /** One atomic batch of rows of one type, from {@code submitter} (and its scan, if any). */
    record Batch<R>(long id, RowType<R> type, BatchHandler<R> handler, List<R> rows, Thread submitter, ScanState scan)
            implements Message {
    }

    /**
     * A write callback and where its result goes; {@code transactional} is false only for work that
     * SQLite refuses inside a transaction (a WAL checkpoint).
     */
    record Task<T>(Function<SqlWriter, T> work, CompletableFuture<T> result, boolean transactional, ScanState scan)
            implements Message {
    }

    /** Write what is pending (commit it, outside a scan); {@code done} completes afterwards (may be null). */
    record Flush(CompletableFuture<Void> done, ScanState scan) implements Message {
    }

    /** Commit what is pending and stop (a scan still open is rolled back). */
    record Stop(CompletableFuture<Void> done) implements Message {
        @Override
        public ScanState scan() {
            return null;
        }
    }

    /** Opens a scan's transaction. */
    record Begin(ScanState scan, CompletableFuture<Void> done) implements Message {
    }

    /** Removes what the store holds for some files, inside a scan. */
    record Remove(ScanState scan, List<String> paths) implements Message {
    }

    /** Clears what a scan's domains hold, inside the scan, which then writes every file as a first scan does. */
    record ClearAll(ScanState scan) implements Message {
    }

    /** Ends a scan: commits it ({@code outcome} COMMITTED) or rolls it back and records why. */
    record End(ScanState scan, ScanOutcome outcome, String error, CompletableFuture<ScanInfo> done) implements Message {
    }

    WriterThread(Platform platform, Connection connection, Map<drift.storage.api.DatabaseLocal<?>, Object> locals, ScanWork scans,
                 int queueCapacity, int flushRows, Duration flushInterval) {
        this.connection = connection;
        this.writer = new JdbcWriter(platform, connection, locals);
        this.scans = scans;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.flushRows = flushRows;
        this.flushNanos = flushInterval.toNanos();
        this.thread = new Thread(this, "drift-writer");
        this.thread.setDaemon(true);
    }

    /** Runs after every commit on the writer thread (the checkpointer's nudge). */
    void afterCommit(Runnable r) {
        this.afterCommit = r;
    }

    void start() {
        thread.start();
    }

    boolean isWriterThread() {
        return Thread.currentThread() == thread;
    }

    /** Enqueues, blocking while the queue is full (back-pressure); fails if the writer has stopped. */
    void submit(Message m) {
        try {
            checkAlive();
            while (!queue.offer(m, 100, TimeUnit.MILLISECONDS)) {
                checkAlive();
            }
            // the writer may have stopped between the check and the offer: take the message back if so
            if (!isRunning() && queue.remove(m)) {
                checkAlive();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageErrorCode.INTERNAL, "interrupted while waiting for the writer queue", e);
        }
    }

    private void checkAlive() {
        if (died != null) {
            throw new StorageException(StorageErrorCode.INTERNAL, "the writer thread died: " + died, died);
        }
        if (!running) {
            throw new StorageException(StorageErrorCode.CLOSED, "the batch writer is closed");
        }
    }

    boolean isRunning() {
        return running && died == null;
    }

    /**
     * Interrupts the statement the writer is running for {@code scan}, if it is running one (an abandoned
     * scan stops promptly); does nothing when the writer works on something else.
     */
    void interrupt(ScanState scan) {
        synchronized (scanLock) {
            if (active == scan) {
                try {
                    writer.platform.interrupt(connection);
                } catch (SQLException ignored) {
                    // the connection is closing: there is nothing left to interrupt
                }
            }
        }
    }

    /** Failures of batches {@code submitter} sent outside a scan, since the last call, oldest first. */
    List<BatchFailedException> drainFailures(Thread submitter) {
        return drain(failures.remove(submitter));
    }

    /** Every failure nobody has collected yet (at close). */
    List<BatchFailedException> drainAllFailures() {
        List<BatchFailedException> out = new ArrayList<>();
        for (Thread t : List.copyOf(failures.keySet())) {
            out.addAll(drainFailures(t));
        }
        return out;
    }

    static List<BatchFailedException> drain(Queue<BatchFailedException> q) {
        List<BatchFailedException> out = new ArrayList<>();
        BatchFailedException f;
        while (q != null && (f = q.poll()) != null) {
            out.add(f);
        }
        return out;
    }

    private void report(Batch<?> b, BatchFailedException f) {
        if (b.scan() != null) {
            b.scan().failures.add(f);
        } else {
            failures.computeIfAbsent(b.submitter(), t -> new ConcurrentLinkedQueue<>()).add(f);
        }
    }

    Map<String, Long> committed() {
        return Map.copyOf(committed);
    }

    void join() throws InterruptedException {
        thread.join();
    }

    /** Closes cached statements; call after the thread has stopped. */
    void closeStatements() {
        writer.closeStatements();
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (Throwable t) {
            died = t;
            if (active != null) {
                rollbackQuietly();
                ScanState lost = active;
                endScan(lost);
                lost.ended = true;
            }
            failAll(t);
        } finally {
            running = false;
        }
    }

    private Message next() throws InterruptedException {
        if (!replay.isEmpty()) {
            return replay.poll();
        }
        if (pending.isEmpty()) {
            return queue.take();
        }
        long wait = flushNanos - (System.nanoTime() - firstPendingAt);
        return wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
    }

    private void loop() throws InterruptedException {
        while (true) {
            Message m = next();
            if (m == null) {
                writePending();
                continue;
            }
            if (m instanceof Stop s) {
                writePending();
                if (active != null) {
                    rollback(active, ScanOutcome.ABANDONED, "the database was closed during the scan");
                }
                running = false;
                s.done().complete(null);
                // anything that raced in after the stop (or waited for a scan) is refused, never dropped silently
                failAll(new StorageException(StorageErrorCode.CLOSED, "the batch writer is closed"));
                return;
            }
            if (m instanceof Begin b) {
                if (active != null) {
                    parked.add(b);
                } else {
                    begin(b);
                }
                continue;
            }
            ScanState owner = m.scan();
            if (active != null && owner != active) {
                parked.add(m);
                continue;
            }
            if (owner != null && owner != active) {
                refuse(m, owner.endedError());
                continue;
            }
            if (owner != null && owner.abandonRequested) {
                // an abandoned scan: what it still sends is not written; its End rolls it back
                if (m instanceof End e) {
                    rollback(owner, ScanOutcome.ABANDONED, null);
                    e.done().completeExceptionally(owner.endedError());
                } else {
                    refuse(m, owner.endedError());
                }
                continue;
            }
            dispatch(m);
        }
    }

    private void dispatch(Message m) {
        if (m instanceof Batch<?> b) {
            if (pending.isEmpty()) {
                firstPendingAt = System.nanoTime();
            }
            pending.add(b);
            pendingRows += b.rows().size();
            if (pendingRows >= flushRows) {
                writePending();
            }
        } else if (m instanceof Task<?> t) {
            writePending();
            if (t.scan() != null) {
                runInScan(t);
            } else {
                runTask(t);
            }
        } else if (m instanceof Flush f) {
            writePending();
            if (f.done() != null) {
                f.done().complete(null);
            }
        } else if (m instanceof Remove r) {
            inScan(r.scan(), () -> scans.removeFiles(writer, r.scan(), r.paths()));
        } else if (m instanceof ClearAll c) {
            inScan(c.scan(), () -> scans.clearAll(writer, c.scan()));
        } else if (m instanceof End e) {
            writePending();
            end(e);
        }
    }

    /** Runs a scan's own step after what is pending, if the scan is the open one; a failure ends the scan. */
    private void inScan(ScanState scan, Runnable step) {
        writePending();
        if (active == scan) {
            try {
                step.run();
            } catch (RuntimeException e) {
                died(scan, e);
            }
        }
    }

    /** Refuses a message of a scan that has ended (committed, rolled back, or lost its transaction). */
    private void refuse(Message m, StorageException cause) {
        if (m instanceof Batch<?> b) {
            report(b, failure(b, cause));
        } else if (m instanceof Task<?> t) {
            t.result().completeExceptionally(cause);
        } else if (m instanceof Flush f && f.done() != null) {
            f.done().complete(null);
        } else if (m instanceof End e) {
            if (e.outcome() == ScanOutcome.COMMITTED) {
                e.done().completeExceptionally(cause);
            } else {
                e.done().complete(null);
            }
        }
    }

    private void begin(Begin b) {
        writePending();
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            restoreAutoCommit();
            b.done().completeExceptionally(Errors.wrap("cannot begin the scan", e, StorageErrorCode.IO));
            return;
        }
        setActive(b.scan());
        writer.startBatch();
        try {
            scans.begin(writer, b.scan());
        } catch (RuntimeException e) {
            rollbackQuietly();
            endScan(b.scan());
            b.scan().ended = true;
            b.done().completeExceptionally(e);
            return;
        }
        b.done().complete(null);
    }

    private void setActive(ScanState scan) {
        synchronized (scanLock) {
            active = scan;
        }
        writer.scan(scan);
    }

    /**
     * The scan is over (whatever its outcome): everything it held back runs next, in order. Its session sees it
     * ended only once its history row is written ({@link #rollback}), so a caller that finds it ended and reads
     * the history finds it there.
     */
    private void endScan(ScanState scan) {
        setActive(null);
        parked.addAll(replay);
        replay = parked;
        parked = new ArrayDeque<>();
    }

    private void end(End e) {
        ScanState s = e.scan();
        if (e.outcome() != ScanOutcome.COMMITTED) {
            rollback(s, e.outcome(), e.error());
            e.done().complete(null);
            return;
        }
        ScanInfo info;
        try {
            info = scans.finish(writer, s);
            writer.bumpDataVersion();
            connection.commit();
        } catch (RuntimeException | SQLException x) {
            RuntimeException cause = x instanceof SQLException sql ? Errors.wrap("the scan could not commit", sql, StorageErrorCode.IO)
                    : (RuntimeException) x;
            rollback(s, s.abandonRequested ? ScanOutcome.ABANDONED : ScanOutcome.FAILED, cause.getMessage());
            e.done().completeExceptionally(s.abandonRequested ? s.endedError() : cause);
            return;
        }
        writer.transactionEnded();
        restoreAutoCommit();
        s.committed = true;
        endScan(s);
        s.ended = true;
        s.rows.forEach((type, n) -> committed.merge(type, n, Long::sum));
        afterCommit.run();
        e.done().complete(info);
    }

    /** Rolls the scan back and records how it ended (best effort: the disk may be what failed). */
    private void rollback(ScanState s, ScanOutcome outcome, String error) {
        // batches of the scan not yet written go with it: after the rollback they would commit on their own
        StorageException ended = new StorageException(outcome == ScanOutcome.ABANDONED ? StorageErrorCode.CANCELLED
                : StorageErrorCode.BATCH_FAILED, "scan " + s.id + " was rolled back" + (error == null ? "" : ": " + error));
        pending.removeIf(b -> {
            if (b.scan() == s) {
                report(b, failure(b, ended));
                return true;
            }
            return false;
        });
        pendingRows = pending.stream().mapToInt(b -> b.rows().size()).sum();
        rollbackQuietly();
        endScan(s);
        try {
            connection.setAutoCommit(false);
            scans.record(writer, s, outcome, error);
            writer.bumpDataVersion();
            connection.commit();
        } catch (RuntimeException | SQLException ignored) {
            // the history row is the least of it; the scan's rows are gone, as they must be
            rollbackQuietly();
        } finally {
            writer.transactionEnded();
            restoreAutoCommit();
            s.ended = true;
        }
    }

    /** The scan's transaction was lost (disk full, I/O error, interrupted): it is rolled back now, once. */
    private void died(ScanState s, RuntimeException cause) {
        s.dead = cause;
        rollback(s, s.abandonRequested ? ScanOutcome.ABANDONED : ScanOutcome.FAILED,
                s.abandonRequested ? null : cause.getMessage());
    }

    private <T> void runInScan(Task<T> t) {
        try {
            // the task sees each file the scan replaces as the scan has written it so far
            scans.removeUnkept(writer, t.scan());
        } catch (RuntimeException e) {
            died(t.scan(), e);
            t.result().completeExceptionally(e);
            return;
        }
        try {
            Savepoint sp = connection.setSavepoint();
            writer.startBatch();
            T result;
            try {
                result = t.work().apply(writer);
                connection.releaseSavepoint(sp);
            } catch (RuntimeException e) {
                try {
                    connection.rollback(sp);
                    connection.releaseSavepoint(sp);
                    writer.batchRolledBack();
                } catch (SQLException lost) {
                    died(t.scan(), e);
                }
                t.result().completeExceptionally(e);
                return;
            }
            t.result().complete(result);
        } catch (SQLException e) {
            StorageException se = Errors.wrap("write failed", e, StorageErrorCode.IO);
            died(t.scan(), se);
            t.result().completeExceptionally(se);
        }
    }

    private <T> void runTask(Task<T> t) {
        if (!t.transactional()) {
            try {
                t.result().complete(t.work().apply(writer));
            } catch (RuntimeException e) {
                t.result().completeExceptionally(e);
            } finally {
                writer.transactionEnded();
            }
            return;
        }
        try {
            connection.setAutoCommit(false);
            T result;
            try {
                writer.startBatch();
                result = t.work().apply(writer);
                writer.bumpDataVersion();
                connection.commit();
                writer.transactionEnded();
                afterCommit.run();
            } catch (RuntimeException | SQLException e) {
                rollbackQuietly();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            t.result().complete(result);
        } catch (SQLException e) {
            t.result().completeExceptionally(Errors.wrap("write failed", e, StorageErrorCode.INTERNAL));
        } catch (RuntimeException e) {
            t.result().completeExceptionally(e);
        }
    }

    /**
     * Writes every pending batch, each in its own savepoint: outside a scan, in one transaction that commits
     * here; inside a scan, into the scan's transaction.
     */
    private void writePending() {
        if (pending.isEmpty()) {
            return;
        }
        List<Batch<?>> batches = new ArrayList<>(pending);
        pending.clear();
        pendingRows = 0;
        Set<Batch<?>> failed = Collections.newSetFromMap(new IdentityHashMap<>());
        if (active != null) {
            ScanState s = active;
            try {
                writeRuns(batches, failed);
            } catch (SQLException | RuntimeException e) {
                Throwable cause = e instanceof TransactionLost ? e.getCause() : e;
                for (Batch<?> b : batches) {
                    if (failed.add(b)) {
                        report(b, failure(b, cause));
                    }
                }
                died(s, e instanceof SQLException sql ? Errors.wrap("write failed", sql, StorageErrorCode.IO)
                        : cause instanceof StorageException se ? se
                        : new StorageException(StorageErrorCode.IO, String.valueOf(cause.getMessage()), cause));
                return;
            }
            for (Batch<?> b : batches) {
                if (!failed.contains(b)) {
                    s.rows.merge(b.type().name(), (long) b.rows().size(), Long::sum);
                }
            }
            return;
        }
        try {
            connection.setAutoCommit(false);
            try {
                writeRuns(batches, failed);
                writer.bumpDataVersion();
                connection.commit();
                writer.transactionEnded();
            } finally {
                restoreAutoCommit();
            }
            afterCommit.run();
            for (Batch<?> b : batches) {
                if (!failed.contains(b)) {
                    committed.merge(b.type().name(), (long) b.rows().size(), Long::sum);
                }
            }
        } catch (SQLException | RuntimeException e) {
            // the transaction as a whole failed (disk full, I/O error, commit refused): nothing of it stays
            rollbackQuietly();
            Throwable cause = e instanceof TransactionLost ? e.getCause() : e;
            for (Batch<?> b : batches) {
                if (failed.add(b)) {
                    report(b, failure(b, cause));
                }
            }
        }
    }

    private void writeRuns(List<Batch<?>> batches, Set<Batch<?>> failed) throws SQLException {
        for (List<Batch<?>> run : runsOfOneType(batches)) {
            if (run.size() == 1 || !writeTogether(run)) {
                for (Batch<?> b : run) {
                    writeInSavepoint(b, failed);
                }
            }
        }
    }

    /** Consecutive batches of the same row type, in order. */
    private static List<List<Batch<?>>> runsOfOneType(List<Batch<?>> batches) {
        List<List<Batch<?>>> runs = new ArrayList<>();
        List<Batch<?>> run = null;
        for (Batch<?> b : batches) {
            if (run == null || !run.get(0).type().equals(b.type())) {
                run = new ArrayList<>();
                runs.add(run);
            }
            run.add(b);
        }
        return runs;
    }

    /**
     * Writes consecutive batches of one type with a single handler call in one savepoint: the handler
     * can then order all of their rows by index key at once (calls by caller, say), and index inserts
     * land next to each other instead of all over the index. Returns false, with nothing written, if
     * that failed; the caller then writes each batch in its own savepoint, so a bad batch is still
     * rolled back alone and named with its own row index.
     */
    @SuppressWarnings("unchecked")
    private <R> boolean writeTogether(List<Batch<?>> run) throws SQLException {
        Batch<R> first = (Batch<R>) run.get(0);
        List<R> rows = new ArrayList<>();
        for (Batch<?> b : run) {
            rows.addAll(((Batch<R>) b).rows());
        }
        return inSavepoint(first.handler(), rows) == null;
    }

    /** Writes one batch; on failure it is rolled back to its savepoint and the failure reported. */
    private <R> void writeInSavepoint(Batch<R> b, Set<Batch<?>> failed) throws SQLException {
        RuntimeException e = inSavepoint(b.handler(), b.rows());
        if (e != null) {
            failed.add(b);
            report(b, failure(b, e));
        }
    }

    /** Writes {@code rows} in a savepoint of their own; returns null, or the failure after rolling back to it. */
    private <R> RuntimeException inSavepoint(BatchHandler<R> handler, List<R> rows) throws SQLException {
        Savepoint sp = connection.setSavepoint();
        writer.startBatch();
        try {
            handler.write(writer, rows);
            connection.releaseSavepoint(sp);
            return null;
        } catch (RuntimeException e) {
            try {
                connection.rollback(sp);
                connection.releaseSavepoint(sp);
                writer.batchRolledBack();
            } catch (SQLException lost) {
                // SQLite already rolled the whole transaction back (SQLITE_FULL, I/O error): fail it whole
                throw new TransactionLost(e);
            }
            if (Errors.lost(e)) {
                // disk full or an I/O error: SQLite may have kept the savepoint, but nothing later can be trusted
                throw new TransactionLost(e);
            }
            return e;
        }
    }

    /** The current transaction was rolled back by SQLite itself. */
    private static final class TransactionLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransactionLost(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static BatchFailedException failure(Batch<?> b, Throwable e) {
        Throwable cause = e;
        long row = cause instanceof RowRejectedException r ? r.rowIndex() : -1;
        String code = cause instanceof StorageException se ? se.engineCode().orElse(null) : null;
        if (code == null && cause instanceof SQLException sql) {
            code = Errors.engineCode(sql);
            cause = Errors.wrap("commit failed", sql, StorageErrorCode.BATCH_FAILED);
        }
        return new BatchFailedException(b.type(), row, b.rows().size(), b.id(), code, cause);
    }

    private void restoreAutoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // "no transaction is active" after SQLite rolled back by itself: the connection stays usable
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // SQLite may already have rolled back (SQLITE_FULL); the connection stays usable
        }
        writer.transactionRolledBack();
        restoreAutoCommit();
    }

    /** Fails everything still queued; used when the thread dies or stops. */
    private void failAll(Throwable cause) {
        for (Batch<?> b : pending) {
            report(b, failure(b, cause));
        }
        pending.clear();
        StorageException closed = cause instanceof StorageException se ? se
                : new StorageException(StorageErrorCode.INTERNAL, "the writer thread died: " + cause, cause);
        List<Message> left = new ArrayList<>(replay);
        left.addAll(parked);
        replay.clear();
        parked.clear();
        Message m;
        while ((m = queue.poll()) != null) {
            left.add(m);
        }
        for (Message x : left) {
            if (x instanceof Begin b) {
                b.done().completeExceptionally(closed);
            } else if (x instanceof Stop s) {
                s.done().complete(null);
            } else if (x instanceof Remove || x instanceof ClearAll) {
                // its scan is refused with its next message
            } else {
                refuse(x, closed);
            }
        }
    }
}
