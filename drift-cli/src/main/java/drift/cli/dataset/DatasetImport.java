package drift.cli.dataset;

import drift.storage.api.BatchFailedException;
import drift.storage.api.BulkLoad;
import drift.storage.api.CheckpointMode;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RowRejectedException;
import drift.storage.api.ScanInfo;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.WriteBatch;
import drift.storage.api.spi.DatasetImporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Imports a scan dataset folder through the batch writer: every file some installed domain can import,
 * in import order; then the domains' after-import steps (call resolution), the scan record from
 * {@code scan.json}, and a WAL checkpoint. A bad line (parse error, or rejected by its domain when
 * written) is reported as file:line; the import skips it or stops, as asked. What was stored stays.
 */
public final class DatasetImport {
    /** What to do with a bad line. */
    public enum OnError {
        /** Report it and go on. */
        SKIP,
        /** Report it, keep what was stored, and stop. */
        STOP
    }

    /** Progress of the import, for a progress bar. */
    public interface Progress {
        /** Called as bytes are read. */
        void update(String file, long bytesDone, long bytesTotal);

        /** No progress reporting. */
        Progress NONE = (f, d, t) -> { };
    }

    /**
     * What one file contributed.
     *
     * @param file the file name
     * @param rowType the row type it holds
     * @param stored rows committed
     * @param skipped bad lines skipped
     */
    public record FileSummary(String file, String rowType, long stored, long skipped) {
    }

    /**
     * The outcome of an import.
     *
     * @param files per-file figures, in import order
     * @param problems every bad line
     * @param afterImport the summaries of the domains' after-import steps
     * @param scan the recorded scan, if scan.json was present and the import completed
     * @param stopped whether the import stopped at a bad line
     */
    public record Summary(List<FileSummary> files, List<Problem> problems, List<String> afterImport,
                          Optional<ScanInfo> scan, boolean stopped) {
        /** Rows committed in all files. */
        public long stored() {
            return files.stream().mapToLong(FileSummary::stored).sum();
        }

        /** Lines skipped in all files. */
        public long skipped() {
            return files.stream().mapToLong(FileSummary::skipped).sum();
        }
    }

    /** Rows per submitted batch; settled (flush-and-wait) every {@link #SETTLE_ROWS} rows. */
    private static final int CHUNK = 5_000;
    private static final int SETTLE_ROWS = 100_000;

    private final DatabaseManager db;
    private final OnError onError;
    private final Progress progress;
    private final Consumer<Problem> problemSink;
    private final List<Problem> problems = new ArrayList<>();
    private boolean stopped;

    private DatasetImport(DatabaseManager db, OnError onError, Progress progress, Consumer<Problem> problemSink) {
        this.db = db;
        this.onError = onError;
        this.progress = progress;
        this.problemSink = problemSink;
    }

    /** Imports {@code dir} into {@code db}, adding to what is stored. */
    public static Summary run(DatabaseManager db, Path dir, OnError onError, Progress progress, Consumer<Problem> problemSink) {
        return run(db, dir, onError, false, progress, problemSink);
    }

    /**
     * Imports {@code dir} into {@code db}; with {@code replace}, every domain that has a file in the
     * dataset is cleared first (a new full scan replaces the old one instead of adding to it).
     */
    public static Summary run(DatabaseManager db, Path dir, OnError onError, boolean replace, Progress progress,
                              Consumer<Problem> problemSink) {
        if (!Files.isDirectory(dir)) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "no dataset folder at " + dir);
        }
        // read scan.json first, so a bad one fails before anything is written
        Optional<ScanInfo> scan = DatasetReader.scan(dir);
        List<DatasetImporter<?>> importers = db.importers();
        if (importers.stream().noneMatch(i -> Files.exists(dir.resolve(i.fileName())))) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "no dataset file in " + dir + " (looked for "
                    + importers.stream().map(DatasetImporter::fileName).toList() + ")");
        }
        if (replace) {
            importers.stream().filter(i -> Files.exists(dir.resolve(i.fileName()))).map(i -> i.type().domain()).distinct()
                    .forEach(db::clearDomain);
        }
        return new DatasetImport(db, onError, progress, problemSink).importAll(dir, importers, scan);
    }

    private Summary importAll(Path dir, List<DatasetImporter<?>> importers, Optional<ScanInfo> scan) {
        List<FileSummary> files = new ArrayList<>();
        // tables that are empty now (a first scan, or a replaced one) get their indexes once, at the end
        try (BulkLoad load = db.bulkLoad()) {
            for (DatasetImporter<?> importer : importers) {
                Path file = dir.resolve(importer.fileName());
                if (!Files.exists(file) || stopped) {
                    continue;
                }
                files.add(importFile(file, importer));
            }
        }
        List<String> after = db.runAfterImport();
        Optional<ScanInfo> recorded = stopped ? Optional.empty() : scan.map(db::recordScan);
        db.checkpoint(CheckpointMode.TRUNCATE);
        return new Summary(files, List.copyOf(problems), after, recorded, stopped);
    }

    private boolean problem(Problem p) {
        problems.add(p);
        problemSink.accept(p);
        if (onError == OnError.STOP) {
            stopped = true;
            return false;
        }
        return true;
    }

    /** Rows submitted but not yet known to be committed, with their line numbers. */
    private record Chunk<R>(List<R> rows, long[] lines) {
    }

    private <R> FileSummary importFile(Path file, DatasetImporter<R> importer) {
        String name = file.getFileName().toString();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WriteBatch batch = db.batch();
        Map<Long, Chunk<R>> pending = new LinkedHashMap<>();
        long[] counts = new long[3]; // stored, skipped, pending rows
        List<R> rows = new ArrayList<>(CHUNK);
        long[] lines = new long[CHUNK];
        DatasetReader.read(file, importer, (row, line) -> {
            lines[rows.size()] = line;
            rows.add(row);
            if (rows.size() == CHUNK) {
                submit(batch, importer, pending, new Chunk<>(List.copyOf(rows), lines.clone()), counts);
                rows.clear();
                if (counts[2] >= SETTLE_ROWS) {
                    settle(batch, importer, name, pending, counts);
                }
            }
        }, p -> {
            counts[1]++;
            return problem(p);
        }, n -> progress.update(name, n, size));
        if (!rows.isEmpty()) {
            submit(batch, importer, pending, new Chunk<>(List.copyOf(rows), java.util.Arrays.copyOf(lines, rows.size())), counts);
        }
        settle(batch, importer, name, pending, counts);
        return new FileSummary(name, importer.type().name(), counts[0], counts[1]);
    }

    private <R> void submit(WriteBatch batch, DatasetImporter<R> importer, Map<Long, Chunk<R>> pending, Chunk<R> chunk,
                            long[] counts) {
        long id = batch.addAll(importer.type(), chunk.rows());
        pending.put(id, chunk);
        counts[2] += chunk.rows().size();
    }

    /**
     * Waits until every pending chunk is committed. A chunk rejected by its domain is reported at the
     * line of the failing row; with SKIP it is sent again without that row, until what is left commits.
     */
    private <R> void settle(WriteBatch batch, DatasetImporter<R> importer, String name, Map<Long, Chunk<R>> pending,
                            long[] counts) {
        while (!pending.isEmpty()) {
            List<BatchFailedException> failures = new ArrayList<>();
            try {
                batch.flushAndWait();
            } catch (BatchFailedException e) {
                failures.add(e);
                for (Throwable s : e.getSuppressed()) {
                    if (s instanceof BatchFailedException bf) {
                        failures.add(bf);
                    }
                }
            }
            Map<Long, Chunk<R>> retry = new LinkedHashMap<>();
            for (BatchFailedException f : failures) {
                Chunk<R> chunk = pending.remove(f.batchId());
                if (chunk == null) {
                    throw f; // not one of ours: somebody else's batch failed
                }
                int index = (int) f.rowIndex();
                String reason = f.getCause() instanceof RowRejectedException r ? DatasetReader.describe(r)
                        : String.valueOf(f.getCause() == null ? f.getMessage() : f.getCause().getMessage());
                if (index < 0 || index >= chunk.rows().size()) {
                    // the domain could not say which row: the whole chunk is skipped, and said so
                    counts[1] += chunk.rows().size();
                    problem(new Problem(name, 0, "lines " + chunk.lines()[0] + "–" + chunk.lines()[chunk.lines().length - 1]
                            + " rejected together: " + reason));
                    continue;
                }
                counts[1]++;
                boolean go = problem(new Problem(name, chunk.lines()[index], reason));
                if (go && chunk.rows().size() > 1) {
                    List<R> rest = new ArrayList<>(chunk.rows());
                    rest.remove(index);
                    long[] restLines = new long[rest.size()];
                    for (int i = 0, j = 0; i < chunk.lines().length; i++) {
                        if (i != index) {
                            restLines[j++] = chunk.lines()[i];
                        }
                    }
                    Chunk<R> again = new Chunk<>(rest, restLines);
                    retry.put(batch.addAll(importer.type(), again.rows()), again);
                }
            }
            // whatever is still pending committed
            for (Chunk<R> c : pending.values()) {
                counts[0] += c.rows().size();
            }
            pending.clear();
            pending.putAll(retry);
        }
        counts[2] = 0;
    }
}
