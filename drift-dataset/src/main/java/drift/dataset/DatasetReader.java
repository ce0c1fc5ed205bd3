package drift.dataset;

import drift.storage.api.Fields;
import drift.storage.api.RowRejectedException;
import drift.storage.api.SourceFile;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.DatasetImporter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Parses the NDJSON files of a scan dataset into domain rows, line by line, with errors that name the file,
 * the line (counted in the file) and the field. Lines are read as bytes and checked to be UTF-8 before they
 * are parsed, so a bad byte is reported at its own line instead of being replaced; a UTF-8 byte-order mark
 * at the start of a file is allowed; blank lines are ignored.
 */
public final class DatasetReader {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Bound once: {@code readValue(.., Object.class)} resolves the type on every call (a tenth of a line's parse). */
    private static final ObjectReader UNTYPED = JSON.readerFor(Object.class);
    /** The manifest of a dataset: one line per file of the scanned codebase. */
    public static final String MANIFEST = "files.ndjson";

    private DatasetReader() {
    }

    /** Receives each parsed row with its line number. */
    @FunctionalInterface
    public interface RowSink<R> {
        /** Handles one row; returns false to stop reading. */
        boolean accept(R row, long line);
    }

    /** Receives each bad line; returns false to stop reading. */
    @FunctionalInterface
    public interface ProblemSink {
        /** Handles one problem. */
        boolean accept(Problem problem);
    }

    /** Looks at a line before it is parsed (its UTF-8 bytes, without the line end). */
    @FunctionalInterface
    public interface LineFilter {
        /** True to parse the line, false to pass over it unparsed (it is then neither a row nor a problem). */
        boolean parse(byte[] bytes, int start, int length, long line);

        /** Every line is parsed. */
        LineFilter ALL = (b, s, l, n) -> true;
    }

    /** Reports bytes read, for progress bars. */
    @FunctionalInterface
    public interface ByteCounter {
        /** Total bytes read from the file so far. */
        void bytesRead(long total);
    }

    /**
     * Reads {@code file} with {@code importer}, passing rows to {@code rows} and bad lines to
     * {@code problems}.
     *
     * @return false when a sink asked to stop
     */
    public static <R> boolean read(Path file, DatasetImporter<R> importer, RowSink<R> rows, ProblemSink problems,
                                   ByteCounter counter) {
        return read(file, importer, LineFilter.ALL, rows, problems, counter);
    }

    /** {@link #read(Path, DatasetImporter, RowSink, ProblemSink, ByteCounter)}, parsing only the lines {@code filter} lets through. */
    public static <R> boolean read(Path file, DatasetImporter<R> importer, LineFilter filter, RowSink<R> rows, ProblemSink problems,
                                   ByteCounter counter) {
        return read(file, importer.parser()::parse, UnaryOperator.identity(), filter, rows, problems, counter);
    }

    private static <R> boolean read(Path file, DatasetImporter.Parser<R> parser, UnaryOperator<Map<String, Object>> rewrite,
                                    RowSink<R> rows, ProblemSink problems, ByteCounter counter) {
        return read(file, parser, rewrite, LineFilter.ALL, rows, problems, counter);
    }

    private static <R> boolean read(Path file, DatasetImporter.Parser<R> parser, UnaryOperator<Map<String, Object>> rewrite,
                                    LineFilter filter, RowSink<R> rows, ProblemSink problems, ByteCounter counter) {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            LineReader lines = new LineReader(in, counter);
            while (lines.next()) {
                long line = lines.number();
                if (lines.blank() || !filter.parse(lines.bytes(), lines.start(), lines.length(), line)) {
                    continue;
                }
                int bad = lines.invalidUtf8At();
                if (bad >= 0) {
                    if (!problems.accept(new Problem(name, line, "not valid UTF-8 (byte " + (bad + 1) + " of the line)"))) {
                        return false;
                    }
                    continue;
                }
                R row;
                try {
                    row = parser.parse(Fields.of(rewrite.apply(parseObject(lines.bytes(), lines.start(), lines.length()))));
                } catch (RowRejectedException e) {
                    if (!problems.accept(new Problem(name, line, describe(e)))) {
                        return false;
                    }
                    continue;
                } catch (JacksonException e) {
                    if (!problems.accept(new Problem(name, line, "malformed JSON: " + e.getOriginalMessage()))) {
                        return false;
                    }
                    continue;
                } catch (IllegalArgumentException | NullPointerException e) {
                    if (!problems.accept(new Problem(name, line, String.valueOf(e.getMessage())))) {
                        return false;
                    }
                    continue;
                }
                if (!rows.accept(row, line)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Reads a whole file into memory, failing on the first bad line (for benchmarks). */
    public static <R> List<R> readAll(Path file, DatasetImporter<R> importer) {
        return readAll(file, importer, UnaryOperator.identity());
    }

    /** {@link #readAll(Path, DatasetImporter)} with each record rewritten before it is parsed. */
    public static <R> List<R> readAll(Path file, DatasetImporter<R> importer, UnaryOperator<Map<String, Object>> rewrite) {
        List<R> out = new ArrayList<>();
        read(file, importer.parser()::parse, rewrite, (row, line) -> out.add(row), p -> {
            throw new StorageException(StorageErrorCode.ROW_REJECTED, p.toString());
        }, n -> { });
        return out;
    }

    /**
     * The dataset's file manifest ({@value #MANIFEST}: {@code path}, {@code sha256}, {@code size},
     * {@code language}), or empty when there is none. A path listed twice is a problem at its second line.
     */
    public static Optional<List<SourceFile>> manifest(Path dir, ProblemSink problems) {
        Path file = dir.resolve(MANIFEST);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, SourceFile> files = new LinkedHashMap<>();
        read(file, DatasetReader::listed, UnaryOperator.identity(), (l, line) -> {
            if (l.bad() != null && !problems.accept(new Problem(MANIFEST, line, describe(l.bad())
                    + " (the file is listed without it: its rows are imported as changed)"))) {
                return false;
            }
            if (files.putIfAbsent(l.file().path(), l.file()) != null) {
                return problems.accept(new Problem(MANIFEST, line, "field 'path': " + l.file().path() + " is listed twice"));
            }
            return true;
        }, problems, n -> { });
        return Optional.of(List.copyOf(files.values()));
    }

    /** A manifest line: the file, and what was wrong with a field other than its path (then the file without it). */
    private record Listed(SourceFile file, RowRejectedException bad) {
    }

    /**
     * A manifest line whose path is good but whose hash, size or language is not still lists the file (without
     * them): dropped, the file would be removed by a snapshot for a typo in its hash.
     */
    private static Listed listed(Fields f) {
        try {
            return new Listed(sourceFile(f), null);
        } catch (RowRejectedException e) {
            if ("path".equals(e.field())) {
                throw e;
            }
            String path;
            try {
                path = f.string("path");
            } catch (RuntimeException noPath) {
                throw e;
            }
            return new Listed(SourceFile.of(path), e);
        }
    }

    private static SourceFile sourceFile(Fields f) {
        String sha = f.optString("sha256");
        long size = f.optInteger("size") == null ? -1 : f.optInteger("size");
        if (size < 0 && f.has("size")) {
            throw f.reject("size", "must be >= 0, was " + size);
        }
        try {
            return new SourceFile(f.string("path"), sha, size, f.optString("language"));
        } catch (IllegalArgumentException e) {
            throw f.reject("sha256", e.getMessage().replace("sha256 ", ""));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseObject(byte[] bytes, int offset, int length) {
        Object v = UNTYPED.readValue(bytes, offset, length);
        if (!(v instanceof Map)) {
            throw new RowRejectedException(-1, null, "each line must be a JSON object");
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseObject(String text) {
        Object v = UNTYPED.readValue(text);
        if (!(v instanceof Map)) {
            throw new RowRejectedException(-1, null, "must be a JSON object");
        }
        return (Map<String, Object>) v;
    }

    /** "field 'x': reason" without the row index (the line number says where). */
    static String describe(RowRejectedException e) {
        return (e.field() == null ? "" : "field '" + e.field() + "': ") + e.reason();
    }

    /**
     * What {@code scan.json} says about the scan.
     *
     * @param root the scanned root, or null
     * @param revision the revision scanned, or null
     * @param attributes everything else, as text
     */
    public record ScanFacts(String root, String revision, Map<String, String> attributes) {
    }

    /** The scan described by {@code scan.json} in a dataset folder, if present. */
    public static Optional<ScanFacts> scan(Path dir) {
        Path file = dir.resolve("scan.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> m = parseObject(Files.readString(file));
            Fields f = Fields.of(m);
            Map<String, String> attributes = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (!k.equals("root") && !k.equals("revision") && v != null) {
                    attributes.put(k.equals("started_at") || k.equals("duration_ms") || k.equals("files_scanned") ? "scanner." + k : k,
                            String.valueOf(v));
                }
            });
            if (f.has("started_at")) {
                try {
                    java.time.Instant.parse(f.string("started_at"));
                } catch (java.time.format.DateTimeParseException e) {
                    throw f.reject("started_at", "must be an ISO-8601 UTC time, was \"" + f.optString("started_at") + "\"");
                }
            }
            return Optional.of(new ScanFacts(f.optString("root"), f.optString("revision"), attributes));
        } catch (RowRejectedException e) {
            throw new StorageException(StorageErrorCode.ROW_REJECTED, "scan.json: " + describe(e));
        } catch (JacksonException e) {
            throw new StorageException(StorageErrorCode.ROW_REJECTED, "scan.json: malformed JSON: " + e.getOriginalMessage());
        } catch (java.nio.charset.MalformedInputException e) {
            throw new StorageException(StorageErrorCode.ROW_REJECTED, "scan.json: not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@link #topLevelStringAt}'s answer for an absent field. */
    static final long ABSENT = -1;
    /** {@link #topLevelStringAt}'s answer for a field whose value is not a plain string (the caller then parses the line). */
    static final long NOT_PLAIN_AT = -2;

    /**
     * Where the value of a top-level string field of one JSON object line lies in {@code b}, found without parsing
     * the rest: {@code from << 32 | to} (the bytes between the quotes), {@link #ABSENT}, or {@link #NOT_PLAIN_AT}
     * when the value is not a string of ASCII without escapes. Nested objects and strings are stepped over, so
     * only a key of the object itself matches.
     */
    static long topLevelStringAt(byte[] b, int start, int length, byte[] field) {
        int end = start + length;
        int depth = 0;
        boolean keyNext = false;
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                int s = i + 1;
                int j = s;
                boolean escaped = false;
                while (j < end && b[j] != '"') {
                    if (b[j] == '\\') {
                        escaped = true;
                        j++;
                    }
                    j++;
                }
                if (j >= end) {
                    return NOT_PLAIN_AT;
                }
                if (depth == 1 && keyNext) {
                    keyNext = false;
                    if (!escaped && j - s == field.length && Arrays.equals(b, s, j, field, 0, field.length)) {
                        int k = j + 1;
                        while (k < end && (b[k] == ' ' || b[k] == '\t')) {
                            k++;
                        }
                        if (k >= end || b[k] != ':') {
                            return NOT_PLAIN_AT;
                        }
                        k++;
                        while (k < end && (b[k] == ' ' || b[k] == '\t')) {
                            k++;
                        }
                        if (k >= end || b[k] != '"') {
                            return NOT_PLAIN_AT;
                        }
                        int v = k + 1;
                        int w = v;
                        while (w < end && b[w] != '"') {
                            if (b[w] == '\\' || (b[w] & 0x80) != 0) {
                                return NOT_PLAIN_AT; // escapes or non-ASCII: the parser decides
                            }
                            w++;
                        }
                        return w >= end ? NOT_PLAIN_AT : (long) v << 32 | w;
                    }
                }
                i = j;
            } else if (c == '{' || c == '[') {
                depth++;
                keyNext = depth == 1 && c == '{';
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 1) {
                keyNext = true;
            }
        }
        return ABSENT;
    }

    /**
     * Splits a stream into lines of bytes (without the line end), counting lines and bytes. A line is handed out
     * where it lies in the read buffer (no copy): the buffer's unfinished tail moves to its start before the
     * next read, and the buffer grows for a line longer than it.
     */
    private static final class LineReader {
        private final InputStream in;
        private final ByteCounter counter;
        private byte[] buf = new byte[1 << 18];
        private int pos;
        private int limit;
        /** Where the search for the next line end goes on (the bytes before it, from pos, have none). */
        private int searched;
        private long total;
        private int start;
        private int end;
        private long number;
        private boolean eof;

        LineReader(InputStream in, ByteCounter counter) {
            this.in = in;
            this.counter = counter;
        }

        /** Reads the next line; false at the end. */
        boolean next() throws IOException {
            while (true) {
                int i = searched;
                byte[] b = buf;
                int lim = limit;
                while (i < lim && b[i] != '\n') {
                    i++;
                }
                if (i < lim) {
                    start = pos;
                    end = i;
                    pos = i + 1;
                    searched = pos;
                    break;
                }
                if (eof) {
                    if (pos == limit) {
                        return false;
                    }
                    start = pos;
                    end = limit;
                    pos = limit;
                    searched = limit;
                    break;
                }
                searched = limit;
                fill();
            }
            number++;
            if (end > start && buf[end - 1] == '\r') {
                end--;
            }
            if (number == 1 && end - start >= 3 && (buf[start] & 0xff) == 0xEF && (buf[start + 1] & 0xff) == 0xBB
                    && (buf[start + 2] & 0xff) == 0xBF) {
                start += 3; // a byte-order mark: not part of the JSON
            }
            return true;
        }

        /** Moves the unfinished line to the buffer's start (growing it when the line fills it) and reads more. */
        private void fill() throws IOException {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                searched -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n <= 0) {
                eof = true;
                return;
            }
            limit += n;
            total += n;
            counter.bytesRead(total);
        }

        long number() {
            return number;
        }

        byte[] bytes() {
            return buf;
        }

        int start() {
            return start;
        }

        int length() {
            return end - start;
        }

        boolean blank() {
            for (int i = start; i < end; i++) {
                byte c = buf[i];
                if (c != ' ' && c != '\t' && c != '\r') {
                    return false;
                }
            }
            return true;
        }

        /** The offset (in the line) of the first byte that is not well-formed UTF-8, or -1. */
        int invalidUtf8At() {
            int i = start;
            while (i < end) {
                int b = buf[i] & 0xff;
                if (b < 0x80) {
                    i++;
                    continue;
                }
                int need;
                int min;
                if (b >= 0xC2 && b <= 0xDF) {
                    need = 1;
                    min = 0x80;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    need = 2;
                    min = 0x800;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    need = 3;
                    min = 0x10000;
                } else {
                    return i - start;
                }
                if (i + need >= end) {
                    return i - start;
                }
                int cp = b & (0x3F >> need);
                for (int k = 1; k <= need; k++) {
                    int c = buf[i + k] & 0xff;
                    if ((c & 0xC0) != 0x80) {
                        return i - start;
                    }
                    cp = cp << 6 | (c & 0x3F);
                }
                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    return i - start; // overlong, beyond Unicode, or a surrogate
                }
                i += need + 1;
            }
            return -1;
        }
    }
}
