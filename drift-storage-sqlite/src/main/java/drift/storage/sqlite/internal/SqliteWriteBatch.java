package drift.storage.sqlite.internal;

import drift.storage.api.BatchFailedException;
import drift.storage.api.RowType;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.WriteBatch;
import drift.storage.api.spi.BatchHandler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link WriteBatch} of one database: routes rows by {@link RowType} to their domain's handler and
 * hands them to the {@link WriterThread}. Single rows are gathered per type into batches of
 * {@value #SINGLE_ROW_CHUNK}.
 */
final class SqliteWriteBatch implements WriteBatch {
    private static final int SINGLE_ROW_CHUNK = 1000;

    private final WriterThread writer;
    private final Map<RowType<?>, BatchHandler<?>> handlers;
    private final Map<RowType<?>, List<Object>> singles = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private boolean closed;

    SqliteWriteBatch(WriterThread writer, Map<RowType<?>, BatchHandler<?>> handlers) {
        this.writer = writer;
        this.handlers = Map.copyOf(handlers);
    }

    @SuppressWarnings("unchecked")
    private <R> BatchHandler<R> handler(RowType<R> type) {
        BatchHandler<?> h = handlers.get(type);
        if (h == null) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "no installed domain accepts rows of type "
                    + type.name() + " (installed row types: " + handlers.keySet() + ")");
        }
        return (BatchHandler<R>) h;
    }

    @Override
    public <R> void add(RowType<R> type, R row) {
        BatchHandler<R> h = handler(type);
        List<Object> full = null;
        synchronized (this) {
            ensureOpen();
            List<Object> list = singles.computeIfAbsent(type, t -> new ArrayList<>());
            list.add(type.javaType().cast(row));
            if (list.size() >= SINGLE_ROW_CHUNK) {
                full = list;
                singles.remove(type);
            }
        }
        if (full != null) {
            submit(type, h, full);
        }
    }

    @Override
    public <R> long addAll(RowType<R> type, Collection<? extends R> rows) {
        BatchHandler<R> h = handler(type);
        synchronized (this) {
            ensureOpen();
        }
        if (rows.isEmpty()) {
            return 0;
        }
        List<R> copy = new ArrayList<>(rows.size());
        for (R r : rows) {
            copy.add(type.javaType().cast(r));
        }
        submitSingles();
        long id = sequence.incrementAndGet();
        writer.submit(new WriterThread.Batch<>(id, type, h, List.copyOf(copy)));
        return id;
    }

    @SuppressWarnings("unchecked")
    private <R> void submit(RowType<R> type, BatchHandler<R> h, List<Object> rows) {
        writer.submit(new WriterThread.Batch<>(sequence.incrementAndGet(), type, h, (List<R>) List.copyOf(rows)));
    }

    /** Sends gathered single rows, so they keep their place before what comes next. */
    void submitSingles() {
        Map<RowType<?>, List<Object>> out;
        synchronized (this) {
            if (singles.isEmpty()) {
                return;
            }
            out = new HashMap<>(singles);
            singles.clear();
        }
        out.forEach(this::submitRaw);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void submitRaw(RowType<?> type, List<Object> rows) {
        submit((RowType) type, handlers.get(type), rows);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException(StorageErrorCode.CLOSED, "the batch writer is closed");
        }
    }

    @Override
    public void flush() {
        submitSingles();
        writer.submit(new WriterThread.Flush(null));
    }

    @Override
    public void flushAndWait() {
        submitSingles();
        CompletableFuture<Void> done = new CompletableFuture<>();
        writer.submit(new WriterThread.Flush(done));
        await(done);
        throwFailures();
    }

    @Override
    public Map<String, Long> committedRows() {
        return writer.committed();
    }

    /** Stops the writer after everything queued; returns once it has stopped. */
    void stop() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        if (writer.isRunning()) {
            submitSingles();
            CompletableFuture<Void> done = new CompletableFuture<>();
            writer.submit(new WriterThread.Stop(done));
            await(done);
        }
        synchronized (this) {
            closed = true;
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closing the batch writer closes the database's writer; use the database's close instead. */
    @Override
    public void close() {
        flushAndWait();
    }

    void throwFailures() {
        List<BatchFailedException> failures = writer.drainFailures();
        if (!failures.isEmpty()) {
            BatchFailedException first = failures.get(0);
            for (int i = 1; i < failures.size(); i++) {
                first.addSuppressed(failures.get(i));
            }
            throw first;
        }
    }

    private static void await(CompletableFuture<?> f) {
        result(f);
    }

    static <T> T result(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageErrorCode.INTERNAL, "interrupted while waiting for the writer", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException(StorageErrorCode.INTERNAL, "writer failed: " + c, c);
        }
    }
}
