package drift.bench;

import drift.dataset.DatasetImport;
import drift.storage.api.BulkLoad;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RawResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code java -p mods -m drift.bench --dataset DIR [--workloads W1,W2] [--runs N] [--json]}.
 * Rows are parsed before timing starts; every store is opened with the default configuration.
 */
@Command(name = "drift-bench", mixinStandardHelpOptions = true,
        description = {"Run the storage workloads of WORKLOADS.md on a dataset folder (FORMAT.md).",
                "W1 needs patterns.ndjson (the patterns10k scale); W2-W9 the files of a full scale such as medium."})
public final class BenchMain implements Callable<Integer> {
    static final List<String> ALL = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "W10");
    static final List<String> CALL_GRAPH_FILES = List.of("functions.ndjson", "calls.ndjson", "data_access.ndjson");

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "Dataset folder.")
    Path dataset;

    @Option(names = "--workloads", split = ",", paramLabel = "W1,W2,...", description = "Workloads to run (default: all that the dataset allows).")
    List<String> workloads;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs of each write workload (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the stores are created (default: a temp folder).")
    Path workDir;

    @Option(names = "--batch-size", defaultValue = "5000", description = "Rows per submitted batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--cache-kb", description = "Override the page cache size (KiB) of every connection; default: the store's default.")
    Long cacheKb;

    @Option(names = "--bulk-load", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Write W2, W5 and the query store inside a bulk load, as drift import does (default: ${DEFAULT-VALUE}); "
                    + "--no-bulk-load keeps every index current row by row.")
    boolean bulkLoad;

    @Option(names = "--flush-rows", description = "Override the rows per write transaction; default: the store's default.")
    Integer flushRows;

    @Option(names = "--postgres", paramLabel = "URL", description = "Run on this PostgreSQL server instead of SQLite files: every "
            + "store is a new repository (schema) of its database. W6 (a file backup) does not apply.")
    String postgres;

    /** Names this run's repositories apart from earlier runs' on the same server. */
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private int stores;

    private final PrintStream out = System.out;
    Dataset data;
    private DatabaseManager queryStore;

    /** Entry point. */
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        boolean temporary = workDir == null;
        if (temporary) {
            workDir = Files.createTempDirectory("drift-bench");
        }
        Files.createDirectories(workDir);
        try (DatabaseManager scratch = open("parse")) {
            data = Dataset.load(dataset, scratch);
        }
        if (data.files().isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "no dataset file in " + dataset);
        }
        List<String> todo = workloads == null ? ALL : workloads.stream().map(w -> w.toUpperCase(Locale.ROOT)).toList();
        log("dataset " + dataset + ": " + data.files() + ", " + data.rows(data.files()) + " rows parsed; java "
                + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        try {
            for (String w : todo) {
                List<Result> results = run(w);
                for (Result r : results) {
                    out.println(json ? r.json() : r.text());
                    out.flush();
                }
            }
        } finally {
            if (queryStore != null) {
                queryStore.close();
            }
            if (temporary) {
                deleteTree(workDir);
            }
        }
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void log(String s) {
        System.err.println("drift-bench: " + s);
    }

    private List<Result> run(String w) {
        boolean full = data.has("functions.ndjson") && data.has("calls.ndjson");
        switch (w) {
            case "W1":
                return data.has("patterns.ndjson") ? List.of(w1()) : skip(w, "needs patterns.ndjson");
            case "W2":
                return List.of(w2());
            case "W3":
                return full ? List.of(w3()) : skip(w, "needs a full dataset");
            case "W4":
                return data.has("patterns.ndjson") && data.has("locations.ndjson") ? QueryWorkloads.w4(store()) : skip(w, "needs patterns and locations");
            case "W5":
                return full ? List.of(w5()) : skip(w, "needs functions and calls");
            case "W6":
                return postgres != null ? skip(w, "a server's store is backed up by the server (pg_dump)")
                        : full ? List.of(w6()) : skip(w, "needs a full dataset");
            case "W7":
                return full ? List.of(QueryWorkloads.w7(store())) : skip(w, "needs functions and calls");
            case "W8":
                return full ? List.of(QueryWorkloads.w8(store())) : skip(w, "needs functions and calls");
            case "W9":
                return full ? List.of(QueryWorkloads.w9(store())) : skip(w, "needs functions and calls");
            case "W10":
                return full ? w10() : skip(w, "needs a full dataset");
            default:
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown workload " + w + " (known: " + ALL + ")");
        }
    }

    private List<Result> skip(String w, String why) {
        log("skipping " + w + ": " + why);
        return List.of();
    }

    private DatabaseManager open(String name) {
        return DatabaseManager.open(fresh(name).build());
    }

    /** A new, empty store: a file of the work folder, or a new repository of the PostgreSQL server. */
    private DatabaseConfig.Builder fresh(String name) {
        if (postgres != null) {
            DatabaseConfig.Builder config = DatabaseConfig.builder(postgres).repository("bench_" + run + "_" + (++stores) + "_"
                    + name.replace('-', '_'));
            if (flushRows != null) {
                config.batchFlushRows(flushRows);
            }
            return config;
        }
        Path db = workDir.resolve(name + ".db");
        deleteStore(db);
        DatabaseConfig.Builder config = DatabaseConfig.builder(db);
        if (cacheKb != null) {
            config.cacheSizeKb(cacheKb);
        }
        if (flushRows != null) {
            config.batchFlushRows(flushRows);
        }
        return config;
    }

    private static void deleteStore(Path db) {
        for (String suffix : new String[] {"", "-wal", "-shm", ".lock"}) {
            try {
                Files.deleteIfExists(Path.of(db + suffix));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Times {@code work} on a fresh store {@code runs} times (plus one untimed warm-up run). The process's
     * CPU time over the same spans goes to {@link #cpuMs}: on a shared machine it moves less than the
     * clock when other tenants take the cores.
     */
    private double[] timeOnFreshStores(String name, LongWork work) {
        double[] ms = new double[runs];
        cpuMs = new double[runs];
        for (int i = -1; i < runs; i++) {
            try (DatabaseManager db = open(name)) {
                long c0 = CPU.getProcessCpuTime();
                long t0 = System.nanoTime();
                work.run(db);
                long t1 = System.nanoTime();
                long c1 = CPU.getProcessCpuTime();
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                    cpuMs[i] = (c1 - c0) / 1e6;
                }
            }
        }
        return ms;
    }

    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** Process CPU milliseconds of each run of the last {@link #timeOnFreshStores}. */
    private double[] cpuMs = new double[0];

    /** ", process CPU median N ms (all threads)" for the last timed workload. */
    private String cpu() {
        double[] s = cpuMs.clone();
        java.util.Arrays.sort(s);
        return s.length == 0 ? "" : String.format(Locale.ROOT, "; process CPU median %.0f ms (all threads)", s[s.length / 2]);
    }

    /** Work on an open store. */
    @FunctionalInterface
    interface LongWork {
        void run(DatabaseManager db);
    }

    private Result w1() {
        double[] ms = timeOnFreshStores("w1", db -> {
            data.submit(db, List.of("patterns.ndjson"), Integer.MAX_VALUE);
            db.batch().flushAndWait();
        });
        return Result.of("W1", ms, data.rows(List.of("patterns.ndjson")) + " patterns in one batch, committed" + cpu());
    }

    /** Submits {@code files} of {@code d} and waits until they are committed, inside a bulk load unless told not to. */
    private void write(DatabaseManager db, Dataset d, List<String> files) {
        if (bulkLoad) {
            try (BulkLoad load = db.bulkLoad()) {
                d.submit(db, files, batchSize);
            }
        } else {
            d.submit(db, files, batchSize);
            db.batch().flushAndWait();
        }
    }

    private String how() {
        return bulkLoad ? "bulk load" : "indexes kept current row by row";
    }

    private Result w2() {
        long[] peak = new long[1];
        double[] ms = timeOnFreshStores("w2", db -> {
            resetPeakHeap();
            // the parsed dataset is the baseline: what the store itself needs comes on top of it
            long base = peakHeap();
            write(db, data, data.files());
            peak[0] = Math.max(peak[0], peakHeap() - base);
        });
        return Result.of("W2", ms, data.rows(data.files()) + " rows of " + data.files().size() + " files in batches of "
                + batchSize + ", " + how() + ", committed; peak heap above the parsed dataset " + peak[0] / (1024 * 1024) + " MB" + cpu());
    }

    private Result w5() {
        String[] summary = {""};
        double[] ms = timeOnFreshStores("w5", db -> {
            write(db, data, CALL_GRAPH_FILES);
            summary[0] = String.join("; ", db.runAfterImport());
        });
        return Result.of("W5", ms, data.rows(CALL_GRAPH_FILES) + " rows inserted (" + how() + ") then resolved: " + summary[0] + cpu());
    }

    /** The medium store of W3/W4/W6-W9: every row written (W2) and calls resolved (W5). */
    DatabaseManager store() {
        if (queryStore == null) {
            queryStore = open("query-store");
            write(queryStore, data, data.files());
            queryStore.runAfterImport();
            queryStore.checkpoint(drift.storage.api.CheckpointMode.TRUNCATE);
            if (postgres != null) {
                // the planner's statistics of the fresh tables, as autovacuum would gather them shortly
                queryStore.write(w -> {
                    w.script("ANALYZE");
                    return null;
                });
            }
        }
        return queryStore;
    }

    private Result w3() {
        DatabaseManager db = store();
        for (int i = 0; i < 100; i++) {
            db.status();
        }
        double[] ms = new double[1000];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            db.status();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return Result.of("W3", ms, "status with " + db.status().sections().keySet() + " sections; 100 warm-up calls");
    }

    /**
     * W6 wants a store of at least 50 MB; medium's is ~36 MB. The backup store holds the dataset twice:
     * as it is, and as the scan of a second copy of the code under {@code copy-1/} (parsed before timing).
     */
    private Result w6() {
        String size;
        double[] ms = new double[runs];
        String check = "";
        try (DatabaseManager db = open("w6-store")) {
            Dataset copy = Dataset.copyUnder(dataset, db, "copy-1/");
            try (BulkLoad load = db.bulkLoad()) {
                for (Dataset d : List.of(data, copy)) {
                    d.submit(db, d.files(), batchSize);
                }
            }
            db.runAfterImport();
            db.checkpoint(drift.storage.api.CheckpointMode.TRUNCATE);
            long bytes = db.config().path().toFile().length();
            size = bytes / (1024 * 1024) + " MB" + (bytes < 50L * 1024 * 1024 ? " (below 50 MB)" : "");
            for (int i = 0; i < runs; i++) {
                Path dest = workDir.resolve("backup-" + i + ".db");
                deleteStore(dest);
                long t0 = System.nanoTime();
                db.backup(dest);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (i == 0) {
                    check = integrityCheck(dest);
                }
                deleteStore(dest);
            }
        }
        return Result.of("W6", ms, "store of " + size + " (the dataset and a copy of it under copy-1/); copy integrity_check=" + check);
    }

    /**
     * W10: a rescan of the dataset with 1% of its files changed (SyntheticDataset.mutate: functions renamed,
     * moved, removed and added, calls and locations changed, a few files vanished or new), imported with its
     * manifest into a store that holds the original scan; against a full import of the same rescan into an
     * empty store. Both through the importer, from the NDJSON files (parsing included: a rescan reads every
     * line to know which to skip). W10-delta is the same rescan as a producer that knows what changed writes it
     * (SyntheticDataset.delta: only the changed files' rows); its store must equal W10's.
     */
    private List<Result> w10() {
        try {
            Path base = workDir.resolve("w10-base");
            deleteTree(base);
            Files.createDirectories(base);
            try (var files = Files.list(dataset)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, base.resolve(f.getFileName()));
                }
            }
            if (!Files.exists(base.resolve("files.ndjson"))) {
                SyntheticDataset.writeManifest(base);
            }
            Path rescan = workDir.resolve("w10-rescan");
            deleteTree(rescan);
            SyntheticDataset.mutate(base, rescan, 0.01, 1);
            DatasetImport.Options replace = DatasetImport.Options.defaults().replacing(true).onError(DatasetImport.OnError.STOP);
            String[] fullNote = {""};
            double[] fullMs = timeOnFreshStores("w10-full", db -> fullNote[0] = summary(DatasetImport.run(db, rescan, replace)));
            double[] fullCpu = cpuMs;
            Path delta = workDir.resolve("w10-delta");
            deleteTree(delta);
            SyntheticDataset.delta(base, rescan, delta);
            Path stored = workDir.resolve("w10-stored.db");
            if (postgres == null) {
                deleteStore(stored);
                try (DatabaseManager db = DatabaseManager.open(DatabaseConfig.defaults(stored))) {
                    DatasetImport.run(db, base, replace);
                }
            }
            // the whole rescan and the producer's delta, run by run in turn (the machine's moods fall on both)
            Rescans whole = new Rescans(runs);
            Rescans changedOnly = new Rescans(runs);
            for (int i = -1; i < runs; i++) {
                whole.run(i, rescanOnto(stored, base, "w10-run"), rescan, replace);
                changedOnly.run(i, rescanOnto(stored, base, "w10-delta-run"), delta, replace);
            }
            if (!whole.status.equals(changedOnly.status)) {
                throw new IllegalStateException("W10: the delta's store differs from the whole rescan's: " + whole.status + " vs "
                        + changedOnly.status);
            }
            double ratio = median(whole.ms) / median(fullMs);
            cpuMs = whole.cpu;
            Result incremental = Result.of("W10", whole.ms, String.format(Locale.ROOT, "rescan with 1%% of the files changed, imported with "
                    + "its manifest into the stored scan: %s; %.1f%% of a full import of the same rescan (W10-full)", whole.note, 100 * ratio)
                    + cpu());
            cpuMs = changedOnly.cpu;
            Result deltaResult = Result.of("W10-delta", changedOnly.ms, String.format(Locale.ROOT, "the same rescan from a producer "
                    + "that writes only the changed files' rows (and the whole manifest and the patterns): %s; %.1f%% of W10-full; "
                    + "the store equals W10's", changedOnly.note, 100 * median(changedOnly.ms) / median(fullMs)) + cpu());
            cpuMs = fullCpu;
            Result fullImport = Result.of("W10-full", fullMs, "the same rescan into an empty store: " + fullNote[0] + cpu());
            return List.of(incremental, deltaResult, fullImport);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A store holding the original scan of {@code base}, to rescan: a copy of {@code stored}, or on a server a fresh import. */
    private DatabaseConfig rescanOnto(Path stored, Path base, String name) throws IOException {
        if (postgres != null) {
            // a server's store cannot be copied as a file: each run imports the original scan first (untimed)
            DatabaseConfig config = fresh(name).build();
            try (DatabaseManager db = DatabaseManager.open(config)) {
                DatasetImport.run(db, base, DatasetImport.Options.defaults().replacing(true).onError(DatasetImport.OnError.STOP));
            }
            return config;
        }
        Path copy = workDir.resolve(name + ".db");
        deleteStore(copy);
        Files.copy(stored, copy);
        return DatabaseConfig.defaults(copy);
    }

    /** The timed rescans of one dataset: wall and process CPU per run, the last summary and the store's status after it. */
    private static final class Rescans {
        final double[] ms;
        final double[] cpu;
        String note = "";
        Map<String, Map<String, Object>> status;

        Rescans(int runs) {
            ms = new double[runs];
            cpu = new double[runs];
        }

        /** Run {@code i} (untimed when negative: a warm-up). */
        void run(int i, DatabaseConfig config, Path dataset, DatasetImport.Options options) {
            try (DatabaseManager db = DatabaseManager.open(config)) {
                long c0 = CPU.getProcessCpuTime();
                long t0 = System.nanoTime();
                DatasetImport.Summary s = DatasetImport.run(db, dataset, options);
                long t1 = System.nanoTime();
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                    cpu[i] = (CPU.getProcessCpuTime() - c0) / 1e6;
                }
                note = summary(s);
                status = db.status().sections();
            }
        }
    }

    private static String summary(DatasetImport.Summary s) {
        drift.storage.api.ScanInfo scan = s.scan().orElseThrow();
        return "files " + scan.files().added() + " added, " + scan.files().changed() + " changed, " + scan.files().removed() + " removed, "
                + scan.files().unchanged() + " unchanged; " + s.stored() + " rows written, " + s.unchanged() + " skipped as unchanged";
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    private String integrityCheck(Path copy) {
        try (DatabaseManager c = DatabaseManager.open(DatabaseConfig.builder(copy).readOnly(true).build())) {
            RawResult r = c.executeRaw("PRAGMA integrity_check");
            return String.valueOf(r.rows().get(0).get(0));
        }
    }

    /** Times {@code query} once per argument; returns the per-query milliseconds. */
    static double[] timeEach(int n, java.util.function.IntConsumer query) {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            query.accept(i);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    static void resetPeakHeap() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peak usage since the last reset. */
    static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

}
