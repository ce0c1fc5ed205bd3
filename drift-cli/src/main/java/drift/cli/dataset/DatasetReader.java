package drift.cli.dataset;

import drift.storage.api.Fields;
import drift.storage.api.RowRejectedException;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.DatasetImporter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Parses the NDJSON files of a scan dataset into domain rows, line by line, with file:line errors. */
public final class DatasetReader {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private DatasetReader() {
    }

    /** Receives each parsed row with its line number. */
    @FunctionalInterface
    public interface RowSink<R> {
        /** Handles one row. */
        void accept(R row, long line);
    }

    /** Receives each bad line; returns false to stop reading. */
    @FunctionalInterface
    public interface ProblemSink {
        /** Handles one problem. */
        boolean accept(Problem problem);
    }

    /** Reports bytes read, for progress bars. */
    @FunctionalInterface
    public interface ByteCounter {
        /** Total bytes read from the file so far. */
        void bytesRead(long total);
    }

    /**
     * Reads {@code file} with {@code importer}, passing rows to {@code rows} and bad lines to
     * {@code problems}. Blank lines are ignored.
     *
     * @return false when {@code problems} asked to stop
     */
    public static <R> boolean read(Path file, DatasetImporter<R> importer, RowSink<R> rows, ProblemSink problems,
                                   ByteCounter counter) {
        return read(file, importer, UnaryOperator.identity(), rows, problems, counter);
    }

    private static <R> boolean read(Path file, DatasetImporter<R> importer, UnaryOperator<Map<String, Object>> rewrite,
                                    RowSink<R> rows, ProblemSink problems, ByteCounter counter) {
        String name = file.getFileName().toString();
        try (CountingStream in = new CountingStream(Files.newInputStream(file), counter);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String text;
            long line = 0;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                R row;
                try {
                    row = importer.parser().parse(Fields.of(rewrite.apply(parseObject(text))));
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
                rows.accept(row, line);
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
        read(file, importer, rewrite, (row, line) -> out.add(row), p -> {
            throw new StorageException(StorageErrorCode.ROW_REJECTED, p.toString());
        }, n -> { });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseObject(String text) {
        Object v = JSON.readValue(text, Object.class);
        if (!(v instanceof Map)) {
            throw new RowRejectedException(-1, null, "each line must be a JSON object");
        }
        return (Map<String, Object>) v;
    }

    /** "field 'x': reason" without the row index (the line number says where). */
    static String describe(RowRejectedException e) {
        return (e.field() == null ? "" : "field '" + e.field() + "': ") + e.reason();
    }

    /** The scan described by {@code scan.json} in a dataset folder, if present. */
    public static Optional<drift.storage.api.ScanInfo> scan(Path dir) {
        Path file = dir.resolve("scan.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> m = parseObject(Files.readString(file));
            Fields f = Fields.of(m);
            Map<String, String> attributes = new HashMap<>();
            m.forEach((k, v) -> {
                if (!List.of("root", "started_at", "duration_ms", "files_scanned").contains(k) && v != null) {
                    attributes.put(k, String.valueOf(v));
                }
            });
            Instant started;
            try {
                started = Instant.parse(f.string("started_at"));
            } catch (DateTimeParseException e) {
                throw f.reject("started_at", "must be an ISO-8601 UTC time, was \"" + f.optString("started_at") + "\"");
            }
            return Optional.of(new drift.storage.api.ScanInfo(0, f.string("root"), started,
                    Optional.ofNullable(f.optInteger("duration_ms")).orElse(0L),
                    Optional.ofNullable(f.optInteger("files_scanned")).orElse(0L), attributes));
        } catch (RowRejectedException e) {
            throw new StorageException(StorageErrorCode.ROW_REJECTED, "scan.json: " + describe(e));
        } catch (JacksonException e) {
            throw new StorageException(StorageErrorCode.ROW_REJECTED, "scan.json: malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static final class CountingStream extends FilterInputStream {
        private final ByteCounter counter;
        private long total;

        CountingStream(InputStream in, ByteCounter counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counter.bytesRead(++total);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                total += n;
                counter.bytesRead(total);
            }
            return n;
        }
    }
}
