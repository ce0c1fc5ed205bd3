package drift.storage.sqlite.internal;

import drift.storage.api.BatchFailedException;
import drift.storage.api.RowRejectedException;
import drift.storage.api.RowType;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.BatchHandler;
import org.sqlite.SQLiteErrorCode;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Queue;
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
 */
final class WriterThread implements Runnable {
    private final Connection connection;
    private final JdbcWriter writer;
    private final BlockingQueue<Message> queue;
    private final int flushRows;
    private final long flushNanos;
    private final Thread thread;
    private final Queue<BatchFailedException> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> committed = new ConcurrentHashMap<>();
    private final List<Batch<?>> pending = new ArrayList<>();
    private int pendingRows;
    private long firstPendingAt;
    private volatile boolean running = true;
    private Runnable afterCommit = () -> { };
    private volatile Throwable died;

    sealed interface Message permits Batch, Task, Flush, Stop {
    }

    /** One atomic batch of rows of one type. */
    record Batch<R>(long id, RowType<R> type, BatchHandler<R> handler, List<R> rows) implements Message {
    }

    /**
     * A write callback and where its result goes; {@code transactional} is false only for work that
     * SQLite refuses inside a transaction (a WAL checkpoint).
     */
    record Task<T>(Function<SqlWriter, T> work, CompletableFuture<T> result, boolean transactional) implements Message {
    }

    /** Commit what is pending; {@code done} completes afterwards (may be null). */
    record Flush(CompletableFuture<Void> done) implements Message {
    }

    /** Commit what is pending and stop. */
    record Stop(CompletableFuture<Void> done) implements Message {
    }

    WriterThread(Connection connection, int queueCapacity, int flushRows, Duration flushInterval) {
        this.connection = connection;
        this.writer = new JdbcWriter(connection);
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

    /** Failures since the last call, oldest first. */
    List<BatchFailedException> drainFailures() {
        List<BatchFailedException> out = new ArrayList<>();
        BatchFailedException f;
        while ((f = failures.poll()) != null) {
            out.add(f);
        }
        return out;
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
            failAll(t);
        } finally {
            running = false;
        }
    }

    private void loop() throws InterruptedException {
        while (true) {
            Message m;
            if (pending.isEmpty()) {
                m = queue.take();
            } else {
                long wait = flushNanos - (System.nanoTime() - firstPendingAt);
                m = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
                if (m == null) {
                    commitPending();
                    continue;
                }
            }
            if (m instanceof Batch<?> b) {
                if (pending.isEmpty()) {
                    firstPendingAt = System.nanoTime();
                }
                pending.add(b);
                pendingRows += b.rows().size();
                if (pendingRows >= flushRows) {
                    commitPending();
                }
            } else if (m instanceof Task<?> t) {
                commitPending();
                runTask(t);
            } else if (m instanceof Flush f) {
                commitPending();
                if (f.done() != null) {
                    f.done().complete(null);
                }
            } else if (m instanceof Stop s) {
                commitPending();
                running = false;
                s.done().complete(null);
                // anything that raced in after the stop is refused, never dropped silently
                failAll(new StorageException(StorageErrorCode.CLOSED, "the batch writer is closed"));
                return;
            }
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

    /** Commits every pending batch in one transaction, each batch in its own savepoint. */
    private void commitPending() {
        if (pending.isEmpty()) {
            return;
        }
        List<Batch<?>> batches = new ArrayList<>(pending);
        pending.clear();
        pendingRows = 0;
        Set<Batch<?>> failed = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            connection.setAutoCommit(false);
            try {
                for (List<Batch<?>> run : runsOfOneType(batches)) {
                    if (run.size() == 1 || !writeTogether(run)) {
                        for (Batch<?> b : run) {
                            writeInSavepoint(b, failed);
                        }
                    }
                }
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
                    failures.add(failure(b, cause));
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

    /** Writes one batch; on failure it is rolled back to its savepoint and the failure recorded. */
    private <R> void writeInSavepoint(Batch<R> b, Set<Batch<?>> failed) throws SQLException {
        RuntimeException e = inSavepoint(b.handler(), b.rows());
        if (e != null) {
            failed.add(b);
            failures.add(failure(b, e));
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
            SQLiteErrorCode c = Errors.sqliteCode(sql);
            code = c == null ? null : c.name();
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
            failures.add(failure(b, cause));
        }
        pending.clear();
        Message m;
        while ((m = queue.poll()) != null) {
            if (m instanceof Batch<?> b) {
                failures.add(failure(b, cause));
            } else if (m instanceof Task<?> t) {
                t.result().completeExceptionally(cause);
            } else if (m instanceof Flush f && f.done() != null) {
                f.done().complete(null);
            } else if (m instanceof Stop s) {
                s.done().complete(null);
            }
        }
    }
}
