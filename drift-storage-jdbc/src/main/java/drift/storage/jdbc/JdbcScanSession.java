package drift.storage.jdbc;

import drift.storage.api.BatchFailedException;
import drift.storage.api.FileChange;
import drift.storage.api.RowType;
import drift.storage.api.ScanInfo;
import drift.storage.api.ScanOutcome;
import drift.storage.api.ScanRequest;
import drift.storage.api.ScanSession;
import drift.storage.api.SourceFile;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The producer's side of a scan: declares files against the manifest the writer read when the scan began,
 * sends the removals of changed files ahead of the rows that follow them, and ends the scan. Bound to the
 * thread that began it (see {@link JdbcDatabase#boundScan()}).
 */
final class JdbcScanSession implements ScanSession {
    private final JdbcDatabase db;
    private final WriterThread writer;
    final ScanState state;
    private final Thread owner;
    /** Files declared as changed whose old rows are not yet removed: sent before the next rows. */
    private final List<String> toRemove = new ArrayList<>();
    private boolean ended;
    /** Whether a row or a write of the scan was sent (after which it cannot become a rewrite of everything). */
    private boolean wrote;

    JdbcScanSession(JdbcDatabase db, WriterThread writer, ScanState state) {
        this.db = db;
        this.writer = writer;
        this.state = state;
        this.owner = Thread.currentThread();
    }

    @Override
    public long id() {
        return state.id;
    }

    @Override
    public ScanRequest request() {
        return state.request;
    }

    private void ensureOpen() {
        if (ended || state.ended || state.abandonRequested) {
            throw state.endedError();
        }
    }

    @Override
    public FileChange file(SourceFile file) {
        return declare(file, false);
    }

    @Override
    public FileChange rewrite(SourceFile file) {
        return declare(file, true);
    }

    @Override
    public synchronized void rewriteAll() {
        ensureOpen();
        if (wrote) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "scan " + state.id + " has written rows already: "
                    + "rewriteAll() comes before them");
        }
        if (state.request.mode() == drift.storage.api.ScanMode.MERGE) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "scan " + state.id + " is a merge: it keeps the files it does "
                    + "not declare, so it cannot write everything again (a snapshot or a replace can)");
        }
        if (state.rewritingAll) {
            return;
        }
        state.rewritingAll = true;
        // what was declared unchanged is written again too (in a domain the writer cannot clear, its rows go file by file)
        state.declared.replaceAll((path, d) -> {
            if (d.change() == FileChange.UNCHANGED) {
                toRemove.add(path);
                return new ScanState.Declared(d.file(), FileChange.CHANGED);
            }
            return d;
        });
        writer.submit(new WriterThread.ClearAll(state));
    }

    @Override
    public java.util.Set<String> storedFiles() {
        return java.util.Collections.unmodifiableSet(state.manifest.keySet());
    }

    @Override
    public void attribute(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ensureOpen();
        state.attributes.put(key, value);
    }

    @Override
    public java.util.Optional<SourceFile> stored(String path) {
        return java.util.Optional.ofNullable(state.storedFiles.get(path));
    }

    private synchronized FileChange declare(SourceFile file, boolean rewrite) {
        Objects.requireNonNull(file, "file");
        ensureOpen();
        ScanState.Declared before = state.declared.get(file.path());
        if (before != null) {
            if (!Objects.equals(before.file().sha256(), file.sha256())) {
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "file " + file.path() + " was declared with sha256 "
                        + before.file().sha256() + " and again with " + file.sha256());
            }
            if (rewrite && before.change() == FileChange.UNCHANGED) {
                // declared unchanged, so nothing of it was written: now its rows go and come again
                state.declared.put(file.path(), new ScanState.Declared(file, FileChange.CHANGED));
                toRemove.add(file.path());
                return FileChange.CHANGED;
            }
            return before.change();
        }
        if (state.removed.contains(file.path())) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "file " + file.path() + " was removed by this scan");
        }
        FileChange change = state.changeOf(file);
        if (rewrite && change == FileChange.UNCHANGED) {
            change = FileChange.CHANGED;
        }
        state.declared.put(file.path(), new ScanState.Declared(file, change));
        if (change.mustWrite()) {
            toRemove.add(file.path());
        }
        return change;
    }

    @Override
    public synchronized void removeFile(String path) {
        Objects.requireNonNull(path, "path");
        ensureOpen();
        if (state.declared.containsKey(path)) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "file " + path + " was declared by this scan; it cannot be removed too");
        }
        if (state.removed.add(path)) {
            toRemove.add(path);
        }
    }

    /** Sends the pending removals, so they run before what is sent next. */
    private void sendRemovals() {
        if (!toRemove.isEmpty() && !state.replacedDomains().isEmpty()) {
            writer.submit(new WriterThread.Remove(state, List.copyOf(toRemove)));
        }
        toRemove.clear();
    }

    @Override
    public synchronized <R> long add(RowType<R> type, Collection<? extends R> rows) {
        ensureOpen();
        sendRemovals();
        wrote = true;
        return db.batchWriter().submitBatch(type, rows, state);
    }

    @Override
    public <T> T write(Function<SqlWriter, T> work) {
        synchronized (this) {
            ensureOpen();
            sendRemovals();
            wrote = true;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        writer.submit(new WriterThread.Task<>(work, result, true, state));
        return JdbcWriteBatch.result(result);
    }

    @Override
    public void flush() {
        synchronized (this) {
            ensureOpen();
            sendRemovals();
            db.batchWriter().submitSingles(state);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        writer.submit(new WriterThread.Flush(done, state));
        JdbcWriteBatch.result(done);
        if (state.abandonRequested || state.ended && !state.committed) {
            // the scan is over (abandoned, or its transaction lost): that is the news, not the batches it took along
            throw state.endedError();
        }
        throwFailures();
    }

    private void throwFailures() {
        List<BatchFailedException> failures = WriterThread.drain(state.failures);
        if (!failures.isEmpty()) {
            BatchFailedException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    @Override
    public ScanInfo commit() {
        try {
            flush();
        } catch (RuntimeException e) {
            end(state.abandonRequested ? ScanOutcome.ABANDONED : ScanOutcome.FAILED, e.getMessage());
            throw e;
        }
        ScanInfo info;
        synchronized (this) {
            ensureOpen();
            sendRemovals();
            ended = true;
        }
        try {
            CompletableFuture<ScanInfo> done = new CompletableFuture<>();
            writer.submit(new WriterThread.End(state, ScanOutcome.COMMITTED, null, done));
            info = JdbcWriteBatch.result(done);
        } finally {
            db.unbind(this);
        }
        return info;
    }

    @Override
    public void abandon() {
        if (state.ended || state.abandonRequested) {
            return;
        }
        state.abandonRequested = true;
        writer.interrupt(state);
        if (writer.isRunning()) {
            // the writer drops what the scan still has queued, rolls it back and records it as abandoned
            writer.submit(new WriterThread.End(state, ScanOutcome.ABANDONED, null, new CompletableFuture<>()));
        }
    }

    @Override
    public void fail(String reason) {
        end(ScanOutcome.FAILED, Objects.requireNonNull(reason, "reason"));
    }

    @Override
    public boolean abandoned() {
        return state.abandonRequested || (state.ended && !state.committed);
    }

    /** Rolls back (unless it ended already) and records {@code outcome}; waits for the writer. */
    private void end(ScanOutcome outcome, String error) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        try {
            if (!state.ended && writer.isRunning()) {
                CompletableFuture<ScanInfo> done = new CompletableFuture<>();
                writer.submit(new WriterThread.End(state, outcome, error, done));
                try {
                    JdbcWriteBatch.result(done);
                } catch (StorageException ignored) {
                    // it was rolled back either way
                }
            }
        } finally {
            db.unbind(this);
        }
    }

    @Override
    public void close() {
        if (!state.committed) {
            end(ScanOutcome.ABANDONED, null);
        }
    }

    Thread owner() {
        return owner;
    }
}
