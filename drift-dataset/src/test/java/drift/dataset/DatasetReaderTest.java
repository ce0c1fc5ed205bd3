package drift.dataset;

import drift.domain.patterns.PatternStore;
import drift.domain.patterns.internal.PatternsDomain;
import drift.storage.api.spi.DatasetImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lines are read as bytes: bad bytes, a byte-order mark and out-of-range numbers are reported at their own line. */
class DatasetReaderTest {
    @TempDir
    Path dir;

    private static DatasetImporter<?> locations() {
        List<DatasetImporter<?>> found = new ArrayList<>();
        new PatternsDomain().contribute(new Collecting(found));
        return found.stream().filter(i -> i.type().equals(PatternStore.LOCATION)).findFirst().orElseThrow();
    }

    private static String loc(String file, String line) {
        return "{\"pattern_id\":\"p\",\"file\":\"" + file + "\",\"line\":" + line + ",\"column\":1,\"is_outlier\":false}";
    }

    private List<String> read(byte[] content, List<Long> lines) throws Exception {
        Path f = dir.resolve("locations.ndjson");
        Files.write(f, content);
        List<String> problems = new ArrayList<>();
        DatasetReader.read(f, locations(), (row, line) -> lines.add(line), p -> problems.add(p.toString()), n -> { });
        return problems;
    }

    @Test
    void badBytesAByteOrderMarkAndHugeNumbersAreReportedAtTheirLine() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        b.write((loc("a.ts", "1") + "\n").getBytes(StandardCharsets.UTF_8));
        b.write((loc("b.ts", "2") + "\n").getBytes(StandardCharsets.UTF_8));
        b.write("{\"pattern_id\":\"p\",\"file\":\"c".getBytes(StandardCharsets.UTF_8));
        b.write(new byte[] {(byte) 0xC3, (byte) 0x28}); // not UTF-8
        b.write(".ts\",\"line\":3}\n".getBytes(StandardCharsets.UTF_8));
        b.write((loc("d.ts", "18446744073709551621") + "\n").getBytes(StandardCharsets.UTF_8)); // 2^64 + 5
        b.write("\n   \n".getBytes(StandardCharsets.UTF_8));
        b.write((loc("é.ts", "7") + "\r\n").getBytes(StandardCharsets.UTF_8));
        b.write(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'}); // a surrogate, encoded: not UTF-8 either
        List<Long> lines = new ArrayList<>();
        List<String> problems = read(b.toByteArray(), lines);
        assertEquals(List.of(1L, 2L, 7L), lines, "the mark is not part of line 1; blank lines count as lines");
        assertEquals(3, problems.size(), problems.toString());
        assertEquals("locations.ndjson:3: not valid UTF-8 (byte 28 of the line)", problems.get(0));
        assertTrue(problems.get(1).startsWith("locations.ndjson:4: field 'line': is out of range"), problems.get(1));
        assertTrue(problems.get(1).contains("18446744073709551621"), problems.get(1));
        assertTrue(problems.get(2).startsWith("locations.ndjson:8: not valid UTF-8"), problems.get(2));
    }

    @Test
    void linesLongerThanTheReadBufferAndALastLineWithoutItsEndAreRead() throws Exception {
        // lines that straddle the reader's buffer and one longer than it (its reason field), CRLF ends, no final newline
        StringBuilder text = new StringBuilder();
        int n = 3_000;
        for (int i = 1; i <= n; i++) {
            String reason = i == 1_500 ? "x".repeat(700_000) : "r" + i;
            text.append("{\"pattern_id\":\"p\",\"file\":\"f").append(i).append(".ts\",\"line\":").append(i)
                    .append(",\"column\":1,\"is_outlier\":true,\"reason\":\"").append(reason).append("\"}");
            if (i < n) {
                text.append(i % 2 == 0 ? "\r\n" : "\n");
            }
        }
        List<Long> lines = new ArrayList<>();
        List<String> problems = read(text.toString().getBytes(StandardCharsets.UTF_8), lines);
        assertEquals(List.of(), problems);
        assertEquals(n, lines.size());
        assertEquals(1L, lines.get(0));
        assertEquals((long) n, lines.get(n - 1));
    }

    @Test
    void anIdHashesTheSameFromItsBytesAsFromItsText() {
        String id = "src/routes/mod026/file00521.ts:cacheEnv3277:161";
        byte[] line = ("{\"caller_id\":\"" + id + "\",\"target\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        long at = DatasetReader.topLevelStringAt(line, 0, line.length, "caller_id".getBytes(StandardCharsets.UTF_8));
        assertEquals(DatasetImport.IdSet.hash(id), DatasetImport.IdSet.hash(line, (int) (at >>> 32), (int) at));
        DatasetImport.TextSet paths = new DatasetImport.TextSet();
        for (int i = 0; i < 5_000; i++) {
            paths.add("src/f" + i + ".ts");
        }
        paths.add("src/é.ts");
        byte[] f = "{\"file\":\"src/f4999.ts\"}".getBytes(StandardCharsets.UTF_8);
        assertTrue(paths.contains(f, 9, 9 + "src/f4999.ts".length()));
        byte[] g = "src/f5000.ts".getBytes(StandardCharsets.UTF_8);
        assertTrue(!paths.contains(g, 0, g.length));
        byte[] e = "src/é.ts".getBytes(StandardCharsets.UTF_8);
        assertTrue(paths.contains(e, 0, e.length));
    }

    /** What {@link DatasetReader#topLevelStringAt} finds, as text: null when absent, {@link #NOT_PLAIN} when not a plain string. */
    private static final String NOT_PLAIN = new String("(not a plain string)");

    private static String topLevelString(byte[] b, int start, int length, byte[] field) {
        long at = DatasetReader.topLevelStringAt(b, start, length, field);
        return at == DatasetReader.ABSENT ? null : at == DatasetReader.NOT_PLAIN_AT ? NOT_PLAIN
                : new String(b, (int) (at >>> 32), (int) at - (int) (at >>> 32), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aTopLevelFieldIsReadFromTheBytesAndOnlyAtTheTop() {
        byte[] line = "{\"nested\":{\"file\":\"inner.ts\"},\"text\":\"\\\"file\\\":\\\"fake\\\"\",\"file\":\"real.ts\",\"id\":\"a\\\"b\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] file = "file".getBytes(StandardCharsets.UTF_8);
        assertEquals("real.ts", topLevelString(line, 0, line.length, file));
        assertSame(NOT_PLAIN, topLevelString(line, 0, line.length, "id".getBytes(StandardCharsets.UTF_8)),
                "an escaped value is left to the parser");
        assertNull(topLevelString(line, 0, line.length, "missing".getBytes(StandardCharsets.UTF_8)));
        byte[] number = "{\"file\": 3}".getBytes(StandardCharsets.UTF_8);
        assertSame(NOT_PLAIN, topLevelString(number, 0, number.length, file));
    }

    /** Collects the importers a domain registers. */
    private static final class Collecting implements drift.storage.api.spi.DomainRegistrar {
        private final List<DatasetImporter<?>> importers;

        Collecting(List<DatasetImporter<?>> importers) {
            this.importers = importers;
        }

        @Override public drift.storage.api.SqlDialect dialect() { return drift.storage.api.SqlDialect.SQLITE; }
        @Override public void migration(drift.storage.api.spi.Migration migration) { }
        @Override public <R> void rows(drift.storage.api.RowType<R> type, drift.storage.api.spi.BatchHandler<R> handler) { }
        @Override public void query(drift.storage.api.spi.NamedQuery query) { }
        @Override public void status(java.util.function.Function<drift.storage.api.SqlReader, java.util.Map<String, Object>> s) { }
        @Override public void clear(java.util.function.Consumer<drift.storage.api.SqlWriter> clearer) { }
        @Override public void scope(drift.storage.api.spi.TableScope scope) { }
        @Override public void beforeRemoval(java.util.function.BiConsumer<drift.storage.api.SqlWriter, drift.storage.api.spi.Removal> h) { }
        @Override public <R> void importer(DatasetImporter<R> importer) {
            importers.add(importer);
        }
        @Override public void afterImport(java.util.function.Function<drift.storage.api.SqlWriter, String> step) { }
    }
}
