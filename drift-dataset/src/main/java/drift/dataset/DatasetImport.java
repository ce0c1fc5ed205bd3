package drift.dataset;

import drift.storage.api.BatchFailedException;
import drift.storage.api.DatabaseManager;
import drift.storage.api.FileChange;
import drift.storage.api.RowRejectedException;
import drift.storage.api.RowType;
import drift.storage.api.ScanInfo;
import drift.storage.api.ScanMode;
import drift.storage.api.ScanRequest;
import drift.storage.api.ScanSession;
import drift.storage.api.SourceFile;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.DatasetImporter;
import drift.storage.api.spi.RowFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Imports a scan dataset folder as one scan ({@link ScanSession}): every file some installed domain can
 * import, in import order, then the domains' end-of-scan steps (call resolution), all committed at once or
 * not at all.
 *
 * <p>Rows are keyed by file: the first row of a file replaces what the store held for it in every domain
 * the dataset covers, so importing the same data twice changes nothing. A call or data access belongs to
 * its function's file, a contract to its backend's and frontend calls' files, a pattern to no file (the
 * scans that report it). With {@code replace}, the dataset is the whole codebase: files it does not have
 * are removed too. With a manifest ({@value DatasetReader#MANIFEST}: path and content hash per file), a
 * replacing import is incremental: files whose hash is unchanged keep their rows untouched and nothing of
 * them is written.
 *
 * <p>A bad line (parse error, or rejected by its domain) is reported as file:line with its field; in
 * {@link OnError#SKIP} mode the import goes on without it, in {@link OnError#STOP} mode the import stops
 * and nothing of it is stored.
 */
public final class DatasetImport {
    /** What to do with a bad line. */
    public enum OnError {
        /** Report it and go on without it. */
        SKIP,
        /** Report it, and store nothing of the import. */
        STOP
    }

    /** Progress of the import, for a progress bar. */
    @FunctionalInterface
    public interface Progress {
        /** Called as bytes are read. */
        void update(String file, long bytesDone, long bytesTotal);

        /** No progress reporting. */
        Progress NONE = (f, d, t) -> { };
    }

    /**
     * How to import.
     *
     * @param replace the dataset is the whole codebase (a snapshot): files it does not have are removed
     * @param onError skip bad lines, or stop and store nothing
     * @param revision the revision to record; null: scan.json's, else the git commit of the scan root when it
     *        is a work tree here
     * @param progress called as bytes are read
     * @param problems each bad line, as it is found
     * @param onBegin the scan, once it has begun (to abandon it from a signal handler, say)
     */
    public record Options(boolean replace, OnError onError, String revision, Progress progress, Consumer<Problem> problems,
                          Consumer<ScanSession> onBegin) {
        /** Validates and fills in defaults. */
        public Options {
            Objects.requireNonNull(onError, "onError");
            progress = progress == null ? Progress.NONE : progress;
            problems = problems == null ? p -> { } : problems;
            onBegin = onBegin == null ? s -> { } : onBegin;
        }

        /** A merge that skips bad lines, with no progress and no revision of its own. */
        public static Options defaults() {
            return new Options(false, OnError.SKIP, null, null, null, null);
        }

        /** These options, replacing (or not). */
        public Options replacing(boolean replace) {
            return new Options(replace, onError, revision, progress, problems, onBegin);
        }

        /** These options with another error mode. */
        public Options onError(OnError mode) {
            return new Options(replace, mode, revision, progress, problems, onBegin);
        }

        /** These options recording {@code revision}. */
        public Options revision(String revision) {
            return new Options(replace, onError, revision, progress, problems, onBegin);
        }

        /** These options with a progress callback. */
        public Options progress(Progress progress) {
            return new Options(replace, onError, revision, progress, problems, onBegin);
        }

        /** These options with a problem callback. */
        public Options problems(Consumer<Problem> problems) {
            return new Options(replace, onError, revision, progress, problems, onBegin);
        }

        /** These options with a callback that receives the scan once it has begun. */
        public Options onBegin(Consumer<ScanSession> onBegin) {
            return new Options(replace, onError, revision, progress, problems, onBegin);
        }
    }

    /**
     * What one file contributed.
     *
     * @param file the file name
     * @param rowType the row type it holds
     * @param stored rows written
     * @param skipped bad lines skipped
     * @param unchanged rows not written because their file is unchanged
     */
    public record FileSummary(String file, String rowType, long stored, long skipped, long unchanged) {
    }

    /**
     * The outcome of an import.
     *
     * @param files per-file figures, in import order
     * @param problems every bad line
     * @param scan the committed scan; empty when the import stopped at a bad line (nothing was stored)
     * @param stopped whether the import stopped at a bad line
     */
    public record Summary(List<FileSummary> files, List<Problem> problems, Optional<ScanInfo> scan, boolean stopped) {
        /** Rows written in all files. */
        public long stored() {
            return files.stream().mapToLong(FileSummary::stored).sum();
        }

        /** Bad lines skipped in all files. */
        public long skipped() {
            return files.stream().mapToLong(FileSummary::skipped).sum();
        }

        /** Rows of unchanged files, not written. */
        public long unchanged() {
            return files.stream().mapToLong(FileSummary::unchanged).sum();
        }

        /** The domains' end-of-scan summaries (call resolution, say). */
        public List<String> afterImport() {
            List<String> out = new ArrayList<>();
            scan.ifPresent(s -> s.attributes().forEach((k, v) -> {
                if (k.startsWith("after_scan.")) {
                    out.add(k.substring("after_scan.".length()) + ": " + v);
                }
            }));
            return out;
        }
    }

    /** Rows per submitted batch; settled (written and checked) every {@link #SETTLE_ROWS} rows. */
    private static final int CHUNK = 5_000;
    private static final int SETTLE_ROWS = 100_000;

    private final DatabaseManager db;
    private final Options options;
    private final List<Problem> problems = new ArrayList<>();
    /** What the scan found for each file, once declared. */
    private final Map<String, FileChange> files = new HashMap<>();
    /** Per parent row type, whether each parent (by id hash) is written. */
    private final Map<RowType<?>, IdSet> written = new HashMap<>();
    private final Map<RowType<?>, IdSet> kept = new HashMap<>();
    private ScanSession session;
    private boolean manifest;
    private boolean stopped;
    private Problem firstProblem;

    private DatasetImport(DatabaseManager db, Options options) {
        this.db = db;
        this.options = options;
    }

    /** Imports {@code dir} into {@code db} as one scan. */
    public static Summary run(DatabaseManager db, Path dir, Options options) {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(options, "options");
        if (!Files.isDirectory(dir)) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "no dataset folder at " + dir);
        }
        return new DatasetImport(db, options).importAll(dir);
    }

    private Summary importAll(Path dir) {
        // scan.json and the manifest are read first, so a bad one fails before anything is written
        Optional<DatasetReader.ScanFacts> facts = DatasetReader.scan(dir);
        List<DatasetImporter<?>> present = db.importers().stream().filter(i -> Files.exists(dir.resolve(i.fileName()))).toList();
        if (present.isEmpty()) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "no dataset file in " + dir + " (looked for "
                    + db.importers().stream().map(DatasetImporter::fileName).toList() + ")");
        }
        long[] badListings = {0};
        Optional<List<SourceFile>> listed = DatasetReader.manifest(dir, p -> {
            badListings[0]++;
            return problem(p);
        });
        manifest = listed.isPresent();
        String root = facts.map(DatasetReader.ScanFacts::root).orElse(dir.toAbsolutePath().normalize().toString());
        String revision = options.revision() != null ? options.revision()
                : facts.map(DatasetReader.ScanFacts::revision).orElseGet(() -> localRevision(root));
        Set<String> domains = new LinkedHashSet<>();
        present.forEach(i -> domains.add(i.type().domain()));
        ScanMode mode = !options.replace() ? ScanMode.MERGE : manifest ? ScanMode.SNAPSHOT : ScanMode.REPLACE;
        Map<String, String> attributes = new TreeMap<>(facts.map(DatasetReader.ScanFacts::attributes).orElse(Map.of()));
        attributes.put("dataset", dir.toAbsolutePath().normalize().toString());
        List<FileSummary> summaries = new ArrayList<>();
        try (ScanSession s = db.beginScan(new ScanRequest(root, revision, mode, domains, attributes))) {
            session = s;
            options.onBegin().accept(s);
            if (stopped) {
                s.fail("stopped at the first bad line: " + firstProblem);
                return new Summary(summaries, List.copyOf(problems), Optional.empty(), true);
            }
            listed.ifPresent(list -> list.forEach(f -> files.put(f.path(), s.file(f))));
            List<Counts> counts = new ArrayList<>();
            if (badListings[0] > 0) {
                Counts c = new Counts(DatasetReader.MANIFEST, "(manifest)");
                c.skipped = badListings[0];
                counts.add(c);
            }
            // a file no installed domain reads is said, never passed over in silence (its domain's module is missing?)
            for (Path unread : unread(dir)) {
                Counts c = new Counts(unread.getFileName().toString(), "(no installed domain)");
                c.skipped = lines(unread);
                counts.add(c);
                problem(new Problem(c.file, 0, "no installed domain reads this file, so none of its " + c.skipped + " lines was imported "
                        + "(is its domain's module missing from the module path?); the installed domains read "
                        + db.importers().stream().map(DatasetImporter::fileName).toList()));
                if (stopped) {
                    s.fail("stopped: " + firstProblem);
                    counts.forEach(x -> summaries.add(x.summary()));
                    return new Summary(summaries, List.copyOf(problems), Optional.empty(), true);
                }
            }
            for (DatasetImporter<?> importer : present) {
                counts.add(importFile(dir.resolve(importer.fileName()), importer));
                if (stopped) {
                    break;
                }
            }
            settle();
            counts.forEach(c -> summaries.add(c.summary()));
            if (stopped) {
                s.fail("stopped at the first bad line: " + firstProblem);
                return new Summary(summaries, List.copyOf(problems), Optional.empty(), true);
            }
            ScanInfo info = s.commit();
            return new Summary(summaries, List.copyOf(problems), Optional.of(info), false);
        }
    }

    /** The dataset files (*.ndjson) of {@code dir} that no installed domain imports, the manifest aside. */
    private List<Path> unread(Path dir) {
        Set<String> read = new java.util.HashSet<>();
        db.importers().forEach(i -> read.add(i.fileName()));
        read.add(DatasetReader.MANIFEST);
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ndjson") && !read.contains(p.getFileName().toString()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The non-blank lines of a file, read as bytes. */
    private static long lines(Path file) {
        long n = 0;
        boolean content = false;
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    n += content ? 1 : 0;
                    content = false;
                } else if (b != ' ' && b != '\r' && b != '\t') {
                    content = true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return n + (content ? 1 : 0);
    }

    private static String localRevision(String root) {
        try {
            Path p = Path.of(root);
            return Files.isDirectory(p) ? GitRevision.of(p).orElse(null) : null;
        } catch (RuntimeException e) {
            return null; // a root that is not a local path (a URL, say)
        }
    }

    private boolean problem(Problem p) {
        problems.add(p);
        options.problems().accept(p);
        if (options.onError() == OnError.STOP) {
            if (firstProblem == null) {
                firstProblem = p;
            }
            stopped = true;
            return false;
        }
        return true;
    }

    private void checkCancelled() {
        if (session.abandoned()) {
            throw new StorageException(StorageErrorCode.CANCELLED, "the import was cancelled: nothing of it was stored");
        }
    }

    /** One dataset file's figures: rows written, bad lines skipped, rows not submitted yet settled, rows of unchanged files. */
    private static final class Counts {
        final String file;
        final String rowType;
        long stored;
        long skipped;
        long unchanged;

        Counts(String file, String rowType) {
            this.file = file;
            this.rowType = rowType;
        }

        FileSummary summary() {
            return new FileSummary(file, rowType, stored, skipped, unchanged);
        }
    }

    /** Rows submitted but not yet known to be written, with their file, type and line numbers. */
    private record Chunk<R>(DatasetImporter<R> importer, Counts counts, List<R> rows, long[] lines) {
    }

    /** Submitted chunks by batch id, across files: the writer works on one file while the next is read. */
    private final Map<Long, Chunk<?>> pending = new LinkedHashMap<>();
    private long pendingRows;

    private <R> Counts importFile(Path file, DatasetImporter<R> importer) {
        String name = file.getFileName().toString();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Counts counts = new Counts(name, importer.type().name());
        List<R> rows = new ArrayList<>(CHUNK);
        long[] lines = new long[CHUNK];
        DatasetReader.read(file, importer, skipUnchanged(importer, counts), (row, line) -> {
            checkCancelled();
            Boolean write = decide(importer, row, name, line);
            if (write == null || write) {
                lineKeptButBad = false; // (a row of several files, one of them changed, is written all the same)
            }
            if (write == null) {
                counts.skipped++;
                return !stopped;
            }
            if (!write) {
                if (lineKeptButBad) {
                    lineKeptButBad = false;
                    counts.skipped++;
                } else {
                    counts.unchanged++;
                }
                return true;
            }
            lines[rows.size()] = line;
            rows.add(row);
            if (rows.size() == CHUNK) {
                submit(new Chunk<>(importer, counts, List.copyOf(rows), lines.clone()));
                rows.clear();
                if (pendingRows >= SETTLE_ROWS) {
                    settle();
                }
            }
            return !stopped;
        }, p -> {
            counts.skipped++;
            return problem(p);
        }, n -> options.progress().update(name, n, size));
        if (!rows.isEmpty() && !stopped) {
            submit(new Chunk<>(importer, counts, List.copyOf(rows), Arrays.copyOf(lines, rows.size())));
        }
        return counts;
    }

    /**
     * A line filter that passes over the lines of unchanged files without parsing them (a rescan with a
     * manifest reads every line, and parsing is most of a full import's reading): the file or parent id is
     * read from the line's bytes. Lines it cannot tell (their field escaped, say) are parsed as usual.
     */
    private <R> DatasetReader.LineFilter skipUnchanged(DatasetImporter<R> importer, Counts counts) {
        RowFiles<R> owner = importer.files();
        if (!manifest || !files.containsValue(FileChange.UNCHANGED)) {
            return DatasetReader.LineFilter.ALL;
        }
        if (owner.kind() == RowFiles.Kind.FILE) {
            byte[] fileField = owner.fileField().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] idField = owner.isParent() ? owner.idField().getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
            TextSet unchanged = unchangedFiles();
            IdSet keep = idField == null ? null : kept.computeIfAbsent(importer.type(), t -> new IdSet());
            return (b, start, length, line) -> {
                long path = DatasetReader.topLevelStringAt(b, start, length, fileField);
                if (path < 0 || !unchanged.contains(b, (int) (path >>> 32), (int) path)) {
                    return true;
                }
                if (keep != null) {
                    long id = DatasetReader.topLevelStringAt(b, start, length, idField);
                    if (id < 0) {
                        return true;
                    }
                    keep.add(IdSet.hash(b, (int) (id >>> 32), (int) id));
                }
                counts.unchanged++;
                return false;
            };
        }
        if (owner.kind() == RowFiles.Kind.PARENT) {
            byte[] parentField = owner.parentField().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return (b, start, length, line) -> {
                long id = DatasetReader.topLevelStringAt(b, start, length, parentField);
                if (id < 0) {
                    return true;
                }
                IdSet k = kept.get(owner.parent());
                IdSet w = written.get(owner.parent());
                long h = IdSet.hash(b, (int) (id >>> 32), (int) id);
                if (k != null && k.contains(h) && (w == null || !w.contains(h))) {
                    counts.unchanged++;
                    return false;
                }
                return true;
            };
        }
        return DatasetReader.LineFilter.ALL;
    }

    private TextSet unchangedFiles;

    /** The paths the manifest found unchanged, looked up by their bytes in a line (no string made per line). */
    private TextSet unchangedFiles() {
        if (unchangedFiles == null) {
            unchangedFiles = new TextSet();
            files.forEach((path, change) -> {
                if (change == FileChange.UNCHANGED) {
                    unchangedFiles.add(path);
                }
            });
        }
        return unchangedFiles;
    }

    /**
     * Whether to write {@code row}: true when its file is new or changed (its old rows are then removed by
     * the scan), false when its file is unchanged, null when the row names a file or parent the dataset does
     * not have (reported).
     */
    private <R> Boolean decide(DatasetImporter<R> importer, R row, String name, long line) {
        RowFiles<R> owner = importer.files();
        switch (owner.kind()) {
            case NONE:
                return true;
            case FILE: {
                FileChange change = declare(owner.filesOf(row).iterator().next(), name, line);
                if (change == null) {
                    return null;
                }
                if (owner.isParent()) {
                    String id = owner.idOf(row);
                    long h = IdSet.hash(id);
                    IdSet w = written.computeIfAbsent(importer.type(), t -> new IdSet());
                    IdSet k = kept.computeIfAbsent(importer.type(), t -> new IdSet());
                    if (w.contains(h) || k.contains(h)) {
                        // an id is once in a dataset: the first line stands, a repeat is a bad line (no batch fails for it)
                        problem(new Problem(name, line, "field '" + owner.idField() + "': duplicate id '" + id
                                + "' (its first line in this dataset stands)"));
                        return null;
                    }
                    (change.mustWrite() ? w : k).add(h);
                }
                return change.mustWrite();
            }
            case FILES: {
                // a row of several files is written whole when any of them changed, and passed over when none did
                boolean write = false;
                for (String f : owner.filesOf(row)) {
                    FileChange change = declare(f, name, line);
                    if (change == null) {
                        return null;
                    }
                    write |= change.mustWrite();
                }
                return write;
            }
            case PARENT: {
                String id = owner.parentId(row);
                IdSet w = written.get(owner.parent());
                if (w != null && w.contains(id)) {
                    return true;
                }
                IdSet k = kept.get(owner.parent());
                if (k != null && k.contains(id)) {
                    return false;
                }
                problem(new Problem(name, line, "field '" + owner.parentField() + "': no " + owner.parent().kind() + " '" + id
                        + "' in this dataset (a " + owner.parent().kind() + " comes with its " + importer.type().kind() + " rows)"));
                return null;
            }
            default:
                throw new IllegalStateException(owner.kind().toString());
        }
    }

    /** Set by {@link #declare} for the line that named a stored file the manifest does not list (reported, then kept). */
    private boolean lineKeptButBad;

    /**
     * What the scan found for a file the rows name; null (reported) when the manifest does not list it, or, when the
     * store holds that file, unchanged (reported once: a snapshot keeps it rather than remove it for the omission).
     */
    private FileChange declare(String path, String name, long line) {
        FileChange change = files.get(path);
        if (change != null) {
            return change;
        }
        if (manifest) {
            Optional<SourceFile> stored = session.stored(path);
            if (stored.isPresent()) {
                // a file the rows name but the manifest forgot: a snapshot would remove it; kept as stored instead,
                // said once, and its rows passed over as an unchanged file's
                change = session.file(stored.get());
                files.put(path, change);
                lineKeptButBad = true; // this line counts as skipped, its file's later ones as unchanged
                return problem(new Problem(name, line, "file '" + path + "' is not listed in " + DatasetReader.MANIFEST
                        + ": what the store holds for it is kept, and this dataset's rows for it are passed over")) ? change : null;
            }
            problem(new Problem(name, line, "file '" + path + "' is not listed in " + DatasetReader.MANIFEST));
            return null;
        }
        change = session.file(path);
        files.put(path, change);
        return change;
    }

    private <R> void submit(Chunk<R> chunk) {
        long id = session.add(chunk.importer().type(), chunk.rows());
        pending.put(id, chunk);
        pendingRows += chunk.rows().size();
    }

    /**
     * Waits until every pending chunk is written. A chunk rejected by its domain is reported at the line of
     * the failing row; in SKIP mode it is sent again without that row, until what is left is written.
     */
    private void settle() {
        while (!pending.isEmpty()) {
            List<BatchFailedException> failures = new ArrayList<>();
            try {
                session.flush();
            } catch (BatchFailedException e) {
                checkCancelled(); // batches refused because the scan was abandoned are not bad lines
                failures.add(e);
                for (Throwable s : e.getSuppressed()) {
                    if (s instanceof BatchFailedException bf) {
                        failures.add(bf);
                    }
                }
            }
            Map<Long, Chunk<?>> retry = new LinkedHashMap<>();
            // only the first chunk that failed (in the order sent) surely failed for a row of its own: a later one
            // may have failed because of it (calls whose functions were in it), so it goes again whole, and is
            // judged on its own once nothing before it fails
            failures.sort(java.util.Comparator.comparingLong(BatchFailedException::batchId));
            for (int i = 0; i < failures.size(); i++) {
                BatchFailedException f = failures.get(i);
                Chunk<?> chunk = pending.remove(f.batchId());
                if (chunk == null) {
                    throw f; // not one of ours
                }
                Chunk<?> again = i == 0 ? rejected(chunk, f) : chunk;
                if (again != null) {
                    retry.put(resend(again), again);
                }
            }
            for (Chunk<?> c : pending.values()) {
                c.counts().stored += c.rows().size();
            }
            pending.clear();
            if (!stopped) {
                pending.putAll(retry);
            }
        }
        pendingRows = 0;
    }

    private <R> long resend(Chunk<R> chunk) {
        return session.add(chunk.importer().type(), chunk.rows());
    }

    /** Reports the failing row of a rejected chunk; returns the rest of it to send again (SKIP), or null. */
    private <R> Chunk<R> rejected(Chunk<R> chunk, BatchFailedException f) {
        int index = (int) f.rowIndex();
        String name = chunk.counts().file;
        String reason = f.getCause() instanceof RowRejectedException r ? DatasetReader.describe(r)
                : String.valueOf(f.getCause() == null ? f.getMessage() : f.getCause().getMessage());
        if (index < 0 || index >= chunk.rows().size()) {
            // the domain could not say which row: the whole chunk is skipped, and said so
            chunk.counts().skipped += chunk.rows().size();
            problem(new Problem(name, chunk.lines()[0], "lines " + chunk.lines()[0] + "–" + chunk.lines()[chunk.lines().length - 1]
                    + " rejected together: " + reason));
            return null;
        }
        chunk.counts().skipped++;
        boolean go = problem(new Problem(name, chunk.lines()[index], reason));
        if (!go || chunk.rows().size() == 1) {
            return null;
        }
        List<R> rest = new ArrayList<>(chunk.rows());
        rest.remove(index);
        long[] restLines = new long[rest.size()];
        for (int i = 0, j = 0; i < chunk.lines().length; i++) {
            if (i != index) {
                restLines[j++] = chunk.lines()[i];
            }
        }
        return new Chunk<>(chunk.importer(), chunk.counts(), rest, restLines);
    }

    /**
     * A set of ids kept as 64-bit hashes in an open-addressing table: 16 bytes an id instead of the id itself,
     * so the parents of a large dataset (half a million functions) take a few megabytes. Two ids sharing a
     * 64-bit hash are not told apart (odds about 1 in 10^8 for a million ids).
     */
    static final class IdSet {
        private long[] table = new long[1024];
        private int size;

        static long hash(String id) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < id.length(); i++) {
                h ^= id.charAt(i);
                h *= 0x100000001b3L;
            }
            return mix(h);
        }

        /** {@link #hash(String)} of an ASCII id given as its bytes {@code b[from, to)} (the same value). */
        static long hash(byte[] b, int from, int to) {
            long h = 0xcbf29ce484222325L;
            for (int i = from; i < to; i++) {
                h ^= b[i] & 0xff;
                h *= 0x100000001b3L;
            }
            return mix(h);
        }

        /** A final mix, so that near-identical ids spread over the table. */
        private static long mix(long h) {
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            return h == 0 ? 1 : h;
        }

        void add(String id) {
            add(hash(id));
        }

        void add(long hash) {
            if (size * 2 >= table.length) {
                long[] old = table;
                table = new long[old.length * 2];
                size = 0;
                for (long h : old) {
                    if (h != 0) {
                        insert(h);
                    }
                }
            }
            insert(hash);
        }

        private void insert(long h) {
            int mask = table.length - 1;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (table[i] != 0) {
                if (table[i] == h) {
                    return;
                }
                i = (i + 1) & mask;
            }
            table[i] = h;
            size++;
        }

        boolean contains(String id) {
            return contains(hash(id));
        }

        boolean contains(long h) {
            int mask = table.length - 1;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (table[i] != 0) {
                if (table[i] == h) {
                    return true;
                }
                i = (i + 1) & mask;
            }
            return false;
        }
    }

    /** A set of strings looked up by their UTF-8 bytes inside a larger array, exactly (open addressing). */
    static final class TextSet {
        private byte[][] keys = new byte[1024][];
        private long[] hashes = new long[1024];
        private int size;

        void add(String text) {
            byte[] k = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long h = IdSet.hash(k, 0, k.length);
            if (contains(k, 0, k.length, h)) {
                return;
            }
            if (size * 2 >= keys.length) {
                byte[][] oldKeys = keys;
                long[] oldHashes = hashes;
                keys = new byte[oldKeys.length * 2][];
                hashes = new long[oldKeys.length * 2];
                for (int i = 0; i < oldKeys.length; i++) {
                    if (oldKeys[i] != null) {
                        put(oldKeys[i], oldHashes[i]);
                    }
                }
            }
            put(k, h);
            size++;
        }

        private void put(byte[] k, long h) {
            int mask = keys.length - 1;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            hashes[i] = h;
        }

        boolean contains(byte[] b, int from, int to) {
            return contains(b, from, to, IdSet.hash(b, from, to));
        }

        private boolean contains(byte[] b, int from, int to, long h) {
            int mask = keys.length - 1;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (keys[i] != null) {
                if (hashes[i] == h && Arrays.equals(keys[i], 0, keys[i].length, b, from, to)) {
                    return true;
                }
                i = (i + 1) & mask;
            }
            return false;
        }
    }
}
