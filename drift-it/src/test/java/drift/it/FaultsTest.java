package drift.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile inputs and faults, as a user meets them through the CLI: each gets one clear line and its exit code,
 * and what was stored before is intact. Faults that need a real full or read-only file system mount a small tmpfs
 * when the machine allows it (root), and are skipped, saying why, when it does not.
 */
class FaultsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private JavaProcess.Result drift(String... args) {
        return JavaProcess.run(dir, Build.mods().toString(), "drift.cli", args);
    }

    private long count(Path db, String table) {
        JavaProcess.Result r = drift("sql", "SELECT count(*) AS n FROM " + table, "--json", "--db", db.toString());
        assertEquals(0, r.exit(), r.toString());
        return JSON.readTree(r.out()).get(0).get("n").asLong();
    }

    private Path copyOfTiny() throws IOException {
        Path ds = dir.resolve("ds");
        Files.createDirectories(ds);
        try (Stream<Path> s = Files.list(Build.root().resolve("samples/tiny"))) {
            for (Path f : s.toList()) {
                Files.copy(f, ds.resolve(f.getFileName()));
            }
        }
        return ds;
    }

    private static void replaceLine(Path file, int line, String text) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
        lines.set(line - 1, text);
        Files.write(file, lines, StandardCharsets.ISO_8859_1);
    }

    @Test
    void badLinesAreNamedByFileLineAndFieldAndScriptsSeeThem() throws Exception {
        Path ds = copyOfTiny();
        Path loc = ds.resolve("locations.ndjson");
        String first = Files.readAllLines(loc).get(0);
        replaceLine(loc, 4, first.replaceFirst("\"line\":\\s*\\d+", "\"line\": 18446744073709551621"));
        replaceLine(loc, 6, first.replace("\"file\":\"", "\"file\":\"\u00ff"));
        Path pat = ds.resolve("patterns.ndjson");
        replaceLine(pat, 3, Files.readAllLines(pat).get(2).replaceFirst("\"first_seen\":\"[^\"]*\"", "\"first_seen\":\"yesterday\""));
        // a byte-order mark at the start of a file is allowed
        byte[] body = Files.readAllBytes(pat);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(pat, withBom);
        Path fn = ds.resolve("functions.ndjson");
        Files.writeString(fn, Files.readAllLines(fn).get(0) + "\n", java.nio.file.StandardOpenOption.APPEND);
        Path db = dir.resolve("bad.db");

        JavaProcess.Result skip = drift("import", ds.toString(), "--db", db.toString());
        assertEquals(4, skip.exit(), skip.toString());
        assertTrue(skip.err().contains("locations.ndjson:4: field 'line': is out of range"), skip.err());
        assertTrue(skip.err().contains("locations.ndjson:6: not valid UTF-8"), skip.err());
        assertTrue(skip.err().contains("patterns.ndjson:3: field 'first_seen': must be an ISO-8601 time"), skip.err());
        assertTrue(skip.err().contains("functions.ndjson:1001: field 'id': duplicate id"), skip.err());
        // the locations of the refused pattern cannot be stored either, and say why
        assertTrue(skip.err().contains("field 'pattern_id': no pattern 'pat-0000002' (write the pattern first)"), skip.err());
        long dependents = skip.err().lines().filter(l -> l.contains("no pattern 'pat-0000002'")).count();
        assertTrue(skip.err().contains("drift: bad data: " + (4 + dependents) + " bad line(s) skipped"), skip.err());
        assertEquals(199, count(db, "patterns_pattern"), "the other lines are stored, the BOM line too");
        assertEquals(1000, count(db, "callgraph_function"));
        assertEquals(4000, count(db, "callgraph_call"), "no call lost for a repeated function line");

        // the same import stopping at the first bad line stores nothing of itself
        Path fresh = dir.resolve("stop.db");
        JavaProcess.Result stop = drift("import", ds.toString(), "--on-error=stop", "--db", fresh.toString());
        assertEquals(4, stop.exit(), stop.toString());
        assertEquals(0, count(fresh, "patterns_pattern"));
        assertEquals(0, count(fresh, "callgraph_function"));
        assertEquals(0, JSON.readTree(drift("scans", "--json", "--db", fresh.toString()).out()).get(0).get("files").get("added").asLong());
        assertEquals("failed", JSON.readTree(drift("scans", "--json", "--db", fresh.toString()).out()).get(0).get("outcome").asString());

        JavaProcess.Result allowed = drift("import", ds.toString(), "--allow-skips", "--db", dir.resolve("allowed.db").toString());
        assertEquals(0, allowed.exit(), allowed.toString());

        // a file no installed domain reads is an error naming it
        Files.writeString(ds.resolve("todos.ndjson"), "{\"file\":\"a.ts\",\"line\":1,\"kind\":\"TODO\",\"text\":\"x\"}\n");
        JavaProcess.Result unread = drift("import", ds.toString(), "--allow-skips", "--db", dir.resolve("unread.db").toString());
        assertTrue(unread.err().contains("todos.ndjson: no installed domain reads this file"), unread.err());
    }

    @Test
    void aWriteOverTheProcesssFileSizeLimitFailsInOneLineAndKeepsTheStore() throws Exception {
        Path db = dir.resolve("limited.db");
        assertEquals(0, drift("import", "--replace", Build.root().resolve("samples/tiny").toString(), "--db", db.toString()).exit());
        long functions = count(db, "callgraph_function");
        Path big = dir.resolve("big");
        JavaProcess.Result gen = JavaProcess.run(dir, Build.mods().toString(), "drift.bench/drift.bench.SyntheticDataset", "generate", "--scale", "small",
                "--out", big.toString());
        Assumptions.assumeTrue(gen.exit() == 0, "cannot write the synthetic dataset: " + gen);
        long limitKb = Files.size(db) / 1024 + 256;
        List<String> cmd = List.of("bash", "-c", "ulimit -f " + limitKb + "; exec \"$0\" -p \"$1\" -m drift.cli import --replace \"$2\" --db \"$3\"",
                JavaProcess.java().toString(), Build.mods().toString(), big.toString(), db.toString());
        JavaProcess.Result r = JavaProcess.exec(dir, cmd);
        assertEquals(5, r.exit(), r.toString());
        assertEquals(1, failureLines(r.err()), "one line: " + r.err());
        assertTrue(r.err().contains("a write to the disk failed"), r.err());
        assertEquals(functions, count(db, "callgraph_function"), "the store holds what it held");
        assertEquals("ok", JSON.readTree(drift("check", "--json", "--db", db.toString()).out()).get("integrity").asString());
    }

    @Test
    void sqlStreamsTenMillionRowsInFlatMemory() throws Exception {
        Path db = dir.resolve("s.db");
        assertEquals(0, drift("migrate", "--db", db.toString()).exit());
        Path out = dir.resolve("rows.txt");
        Process p = new ProcessBuilder(JavaProcess.java().toString(), "-Xmx32m", "-p", Build.mods().toString(), "-m", "drift.cli", "sql",
                "--db", db.toString(), "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000) SELECT x, 'row ' || x AS label FROM c")
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished");
        assertEquals(0, p.exitValue());
        long lines = 0;
        String last = null;
        try (BufferedReader in = Files.newBufferedReader(out)) {
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                lines++;
                last = l;
            }
        }
        assertEquals(10_000_002, lines, "header, rule and ten million rows");
        assertTrue(last.endsWith("row 10000000"), last);
        // a query that starts with '-' is the query, and --limit caps the rows
        JavaProcess.Result limited = drift("sql", "--db", db.toString(), "-- the first three\nSELECT value FROM json_each('[1,2,3,4]')", "--limit", "3", "--json");
        assertEquals(0, limited.exit(), limited.toString());
        assertEquals(3, JSON.readTree(limited.out()).size());
        assertTrue(limited.err().contains("the first 3 rows printed (--limit)"), limited.err());
    }

    @Test
    void checkSaysWhenTheFileIsDamaged() throws Exception {
        Path db = dir.resolve("c.db");
        assertEquals(0, drift("import", "--replace", Build.root().resolve("samples/tiny").toString(), "--db", db.toString()).exit());
        JavaProcess.Result ok = drift("check", "--db", db.toString());
        assertEquals(0, ok.exit(), ok.toString());
        // garbage over pages in the middle of the file
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(f.length() / 2);
            f.write(new byte[8192]);
        }
        JavaProcess.Result bad = drift("check", "--db", db.toString());
        assertEquals(5, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("drift: check failed:"), bad.err());
    }

    /** A tmpfs of {@code mb} megabytes at a new folder, or the test is skipped when this machine cannot mount one. */
    private Path tmpfs(int mb) throws Exception {
        Path mnt = dir.resolve("mnt" + mb);
        Files.createDirectories(mnt);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + mb + "m", "tmpfs", mnt.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (not root, or no mount in this sandbox): " + out.strip());
        return mnt;
    }

    /** Lines of stderr other than progress lines (printed every 5 s when stderr is not a terminal). */
    private static long failureLines(String err) {
        return err.lines().filter(l -> !l.startsWith("drift: importing ")).count();
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    }

    @Test
    void aFullDiskStopsTheImportInOneLineAndKeepsTheStore() throws Exception {
        Path mnt = tmpfs(20);
        try {
            Path db = mnt.resolve("drift.db");
            assertEquals(0, drift("import", "--replace", Build.root().resolve("samples/tiny").toString(), "--db", db.toString()).exit());
            long functions = count(db, "callgraph_function");
            Path big = dir.resolve("big");
            assertEquals(0, JavaProcess.run(dir, Build.mods().toString(), "drift.bench/drift.bench.SyntheticDataset", "generate", "--scale", "medium",
                    "--out", big.toString()).exit());
            long t0 = System.nanoTime();
            JavaProcess.Result r = drift("import", "--replace", big.toString(), "--db", db.toString());
            assertEquals(5, r.exit(), r.toString());
            // progress lines (every 5 s off a terminal) aside, the failure is one line
            assertEquals(1, failureLines(r.err()), "one line: " + r.err());
            assertTrue(r.err().contains("disk full"), r.err());
            assertTrue((System.nanoTime() - t0) / 1_000_000_000L < 120, "it stops");
            assertEquals(functions, count(db, "callgraph_function"), "the store holds what it held");
            assertEquals(0, drift("check", "--db", db.toString()).exit());
            // a backup onto the full disk: one line, nothing left behind
            Path copyDir = mnt.resolve("copies");
            Files.createDirectories(copyDir);
            try (RandomAccessFile fill = new RandomAccessFile(mnt.resolve("filler").toFile(), "rw")) {
                fill.setLength(0);
                byte[] mb = new byte[1 << 20];
                try {
                    for (int i = 0; i < 64; i++) {
                        fill.write(mb);
                    }
                } catch (IOException full) {
                    // the disk is full now
                }
            }
            JavaProcess.Result backup = drift("backup", copyDir.resolve("copy.db").toString(), "--db", db.toString());
            assertEquals(5, backup.exit(), backup.toString());
            try (Stream<Path> left = Files.list(copyDir)) {
                assertEquals(List.of(), left.toList(), "no partial copy, no journal");
            }
        } finally {
            run("umount", mnt.toString());
        }
    }

    @Test
    void readOnlyMediaAreReadAndWritesRefusedWithNothingCreated() throws Exception {
        Path mnt = tmpfs(50);
        try {
            Path db = mnt.resolve("drift.db");
            assertEquals(0, drift("import", "--replace", Build.root().resolve("samples/tiny").toString(), "--db", db.toString()).exit());
            Files.deleteIfExists(mnt.resolve("drift.db.lock"));
            run("mount", "-o", "remount,ro", mnt.toString());
            JavaProcess.Result status = drift("status", "--json", "--db", db.toString());
            assertEquals(0, status.exit(), status.toString());
            assertEquals(1000, JSON.readTree(status.out()).get("callgraph").get("functions").asLong());
            assertEquals(1000, count(db, "callgraph_function"));
            JavaProcess.Result write = drift("import", Build.root().resolve("samples/tiny").toString(), "--db", db.toString());
            assertEquals(5, write.exit(), write.toString());
            assertTrue(write.err().contains("read-only media"), write.err());
            assertEquals(1, write.err().lines().count(), write.err());
            try (Stream<Path> files = Files.list(mnt)) {
                assertEquals(List.of("drift.db"), files.map(p -> p.getFileName().toString()).toList(), "nothing created beside the file");
            }
        } finally {
            run("umount", mnt.toString());
        }
    }
}
