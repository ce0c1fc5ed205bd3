package drift.storage.jdbc;

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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@link WriteBatch} of one database: routes rows by {@link RowType} to their domain's handler and
 * hands them to the {@link WriterThread}. Single rows are gathered per type (and per submitting thread
 * and scan) into batches of {@value #SINGLE_ROW_CHUNK}. Rows submitted from a thread with a scan open
 * belong to that scan; a failure goes back to the thread (or scan) whose rows failed, and to nobody else.
 */
final class JdbcWriteBatch implements WriteBatch {
    private static final int SINGLE_ROW_CHUNK = 1000;

    private final WriterThread writer;
    private final Map<RowType<?>, BatchHandler<?>> handlers;
    private final Supplier<ScanState> boundScan;
    /** Gathered single rows, by who they belong to. */
    private final Map<Source, Map<RowType<?>, List<Object>>> singles = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private boolean closed;

    /** Who submitted rows: a thread, and the scan they belong to (or null). */
    private record Source(Thread thread, ScanState scan) {
    }

    JdbcWriteBatch(WriterThread writer, Map<RowType<?>, BatchHandler<?>> handlers, Supplier<ScanState> boundScan) {
        this.writer = writer;
        this.handlers = Map.copyOf(handlers);
        this.boundScan = boundScan;
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

    private Source source(ScanState scan) {
        return new Source(Thread.currentThread(), scan);
    }

    @Override
    public <R> void add(RowType<R> type, R row) {
        BatchHandler<R> h = handler(type);
        Objects.requireNonNull(row, "row");
        Source source = source(boundScan.get());
        List<Object> full = null;
        synchronized (this) {
            ensureOpen();
            List<Object> list = singles.computeIfAbsent(source, s -> new HashMap<>()).computeIfAbsent(type, t -> new ArrayList<>());
            list.add(type.javaType().cast(row));
            if (list.size() >= SINGLE_ROW_CHUNK) {
                full = list;
                singles.get(source).remove(type);
            }
        }
        if (full != null) {
            submit(type, h, full, source);
        }
    }

    @Override
    public <R> long addAll(RowType<R> type, Collection<? extends R> rows) {
        return submitBatch(type, rows, boundScan.get());
    }

    /** Submits one atomic batch, for {@code scan} (or none). */
    <R> long submitBatch(RowType<R> type, Collection<? extends R> rows, ScanState scan) {
        BatchHandler<R> h = handler(type);
        synchronized (this) {
            ensureOpen();
        }
        if (rows.isEmpty()) {
            return 0;
        }
        List<R> copy = new ArrayList<>(rows.size());
        for (R r : rows) {
            copy.add(type.javaType().cast(Objects.requireNonNull(r, "row")));
        }
        Source source = source(scan);
        submitSingles(source);
        long id = sequence.incrementAndGet();
        writer.submit(new WriterThread.Batch<>(id, type, h, List.copyOf(copy), source.thread(), scan));
        return id;
    }

    @SuppressWarnings("unchecked")
    private <R> void submit(RowType<R> type, BatchHandler<R> h, List<Object> rows, Source source) {
        writer.submit(new WriterThread.Batch<>(sequence.incrementAndGet(), type, h, (List<R>) List.copyOf(rows), source.thread(),
                source.scan()));
    }

    /** Sends the calling thread's gathered single rows of {@code scan}, so they keep their place before what comes next. */
    void submitSingles(ScanState scan) {
        submitSingles(source(scan));
    }

    private void submitSingles(Source source) {
        Map<RowType<?>, List<Object>> out;
        synchronized (this) {
            out = singles.remove(source);
        }
        if (out != null) {
            out.forEach((type, rows) -> submitRaw(type, rows, source));
        }
    }

    /** Sends everybody's gathered single rows (before the writer stops). */
    private void submitAllSingles() {
        List<Source> sources;
        synchronized (this) {
            sources = List.copyOf(singles.keySet());
        }
        sources.forEach(this::submitSingles);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void submitRaw(RowType<?> type, List<Object> rows, Source source) {
        submit((RowType) type, handlers.get(type), rows, source);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException(StorageErrorCode.CLOSED, "the batch writer is closed");
        }
    }

    @Override
    public void flush() {
        ScanState scan = boundScan.get();
        submitSingles(scan);
        writer.submit(new WriterThread.Flush(null, scan));
    }

    @Override
    public void flushAndWait() {
        ScanState scan = boundScan.get();
        submitSingles(scan);
        CompletableFuture<Void> done = new CompletableFuture<>();
        writer.submit(new WriterThread.Flush(done, scan));
        await(done);
        throwFirst(scan != null ? WriterThread.drain(scan.failures) : writer.drainFailures(Thread.currentThread()));
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
            submitAllSingles();
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

    /** Throws whatever failed and nobody collected (at close). */
    void throwFailures() {
        throwFirst(writer.drainAllFailures());
    }

    private static void throwFirst(List<BatchFailedException> failures) {
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
