package drift.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI in-process, on the sample dataset that ships with the repository. */
class CliTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    Path db;

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    private Run drift(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--db") && !all.contains("--help") && !all.contains("--version")) {
            all.add("--db");
            all.add(db.toString());
        }
        int exit = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path sample() {
        Path p = Path.of(System.getProperty("drift.root", "..")).resolve("samples/tiny");
        assertTrue(Files.isDirectory(p), "sample dataset at " + p);
        return p;
    }

    @BeforeEach
    void setUp() {
        db = dir.resolve("store/drift.db");
    }

    @Test
    void importThenAskQuestions() {
        Run imp = drift("import", sample().toString(), "--json");
        assertEquals(0, imp.exit(), imp.err());
        assertEquals(6420, imp.json().get("stored").asLong());
        assertTrue(imp.json().get("after_import").get(0).asString().startsWith("callgraph: resolved"), imp.out());

        Run status = drift("status", "--json");
        assertEquals(200, status.json().get("patterns").get("patterns").asLong());
        assertEquals(1000, status.json().get("callgraph").get("functions").asLong());
        assertEquals(20, status.json().get("contracts").get("contracts").asLong());
        assertTrue(drift("status").out().contains("by_status:"));

        Run search = drift("patterns", "search", "auth", "token", "--limit", "5", "--json");
        assertEquals(0, search.exit(), search.err());
        assertTrue(search.json().size() > 0 && search.json().size() <= 5, search.out());
        Run list = drift("patterns", "list", "--category", "api", "--min-confidence", "0.5", "--json");
        list.json().forEach(p -> assertEquals("api", p.get("category").asString()));
        String id = list.json().get(0).get("id").asString();
        assertTrue(drift("patterns", "show", id).out().contains("locations ("));

        Run approve = drift("patterns", "approve", id);
        assertEquals(0, approve.exit(), approve.err());
        assertEquals("approved", drift("patterns", "show", id, "--json").json().get("status").asString());

        String entry = drift("sql", "SELECT file || ':' || (start_line + 1) AS w FROM callgraph_function WHERE is_entry_point = 1 "
                + "ORDER BY id LIMIT 1", "--json").json().get(0).get("w").asString();
        Run reach = drift("reachable", entry, "--json");
        assertEquals(0, reach.exit(), reach.err());
        Run who = drift("who-reaches", "users.email", "--json");
        assertEquals(0, who.exit(), who.err());
        Run contracts = drift("contracts", "list", "--limit", "3", "--json");
        assertEquals(3, contracts.json().size());
        assertEquals(0, drift("contracts", "show", contracts.json().get(0).get("id").asString()).exit());
        // contracts are reviewed as patterns are: several at once, all or none
        String c0 = contracts.json().get(0).get("id").asString();
        String c1 = contracts.json().get(1).get("id").asString();
        Run ignore = drift("contracts", "ignore", c0, c1);
        assertEquals(0, ignore.exit(), ignore.err());
        assertTrue(ignore.out().contains(c0 + ": ") && ignore.out().contains(" -> ignored"), ignore.out());
        Run half = drift("contracts", "reopen", c0, "no-such-contract");
        assertEquals(3, half.exit(), half.err());
        assertEquals("ignored", drift("contracts", "show", c0, "--json").json().get("status").asString(), "none reopened");
        assertEquals(0, drift("contracts", "reopen", c0).exit());
        assertEquals("discovered", drift("contracts", "show", c0, "--json").json().get("status").asString());
        assertEquals(0, drift("domains").exit());
        Run again = drift("import", sample().toString(), "--replace", "--json");
        assertEquals(0, again.exit(), again.err());
        assertEquals(0, again.json().get("skipped").asLong(), "a replacing import finds no duplicates");
        assertEquals(4000, drift("status", "--json").json().get("callgraph").get("calls").asLong(), "nothing doubled");
        assertEquals(0, drift("checkpoint").exit());
        Run backup = drift("backup", dir.resolve("copy.db").toString(), "--json");
        assertEquals(0, backup.exit(), backup.err());
        assertTrue(Files.exists(dir.resolve("copy.db")));
    }

    @Test
    void errorsAreOneLineWithMeaningfulExitCodes() {
        assertEquals(3, drift("status").exit(), "no database yet: not found");
        assertFalse(Files.exists(db), "a read command creates nothing");
        drift("migrate");
        Run missing = drift("patterns", "show", "nope");
        assertEquals(3, missing.exit());
        assertEquals("drift: not found: no pattern 'nope'", missing.err().strip());
        Run refused = drift("sql", "DROP TABLE drift_scans");
        assertEquals(6, refused.exit());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        Run usage = drift("patterns", "list", "--limit", "many");
        assertEquals(2, usage.exit());
        Run invalid = drift("patterns", "list", "--status", "maybe");
        assertEquals(2, invalid.exit(), invalid.err());
        assertTrue(invalid.err().contains("unknown status 'maybe'"), invalid.err());
        Run badReview = drift("patterns", "approve", "nope");
        assertEquals(3, badReview.exit(), badReview.err());
        assertEquals(0, drift("--version").exit());
        assertTrue(drift("--help").out().contains("Exit codes"));
    }

    @Test
    void badLinesAreReportedAsFileAndLineAndSkippedOrStopAtTheFirst() throws Exception {
        Path data = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(data.resolve("patterns.ndjson"), String.join("\n",
                "{\"id\":\"p1\",\"name\":\"a\",\"category\":\"api\",\"status\":\"approved\",\"confidence\":0.5,\"severity\":\"info\"}",
                "{\"id\":\"p2\",\"name\":\"b\",\"category\":\"nonsense\",\"status\":\"approved\",\"confidence\":0.5,\"severity\":\"info\"}",
                "not json at all",
                "{\"id\":\"p3\",\"name\":\"c\",\"category\":\"api\",\"status\":\"approved\",\"confidence\":0.9,\"severity\":\"info\"}") + "\n");
        Files.writeString(data.resolve("locations.ndjson"),
                "{\"pattern_id\":\"p1\",\"file\":\"a.ts\",\"line\":1,\"column\":1,\"is_outlier\":false}\n"
                        + "{\"pattern_id\":\"ghost\",\"file\":\"a.ts\",\"line\":2,\"column\":1,\"is_outlier\":false}\n"
                        + "{\"pattern_id\":\"p3\",\"file\":\"b.ts\",\"line\":3,\"column\":1,\"is_outlier\":false}\n");
        Run skip = drift("import", data.toString(), "--json");
        assertEquals(4, skip.exit(), "lines were dropped: scripts must notice");
        assertTrue(skip.err().strip().endsWith("3 bad line(s) skipped (the rest is stored; --allow-skips exits 0)"), skip.err());
        assertEquals(4, skip.json().get("stored").asLong(), skip.out());
        assertEquals(3, skip.json().get("skipped").asLong(), skip.out());
        assertTrue(skip.err().contains("patterns.ndjson:2: field 'category': unknown category 'nonsense'"), skip.err());
        assertTrue(skip.err().contains("patterns.ndjson:3: malformed JSON"), skip.err());
        assertTrue(skip.err().contains("locations.ndjson:2: field 'pattern_id': no pattern 'ghost'"), skip.err());

        assertEquals(0, drift("import", data.toString(), "--allow-skips").exit());

        db = dir.resolve("stop.db");
        Run stop = drift("import", data.toString(), "--on-error", "stop", "--json");
        assertEquals(4, stop.exit(), stop.err());
        assertTrue(stop.json().get("stopped").asBoolean());
        assertEquals(0, drift("status", "--json").json().get("patterns").get("patterns").asLong(), "nothing of a stopped import stays");
        assertTrue(drift("status", "--json").json().get("last_scan").isNull(), "a failed import is never the last scan");
        JsonNode failed = drift("scans", "--json").json().get(0);
        assertEquals("failed", failed.get("outcome").asString());
        assertTrue(failed.get("attributes").get("error").asString().contains("patterns.ndjson:2"), failed.toString());
        assertEquals(2, drift("import", data.toString(), "--on-error", "sometimes").exit());
    }

    @Test
    void scanBytecodeThenAskAboutIt() throws Exception {
        Path classes = Path.of(System.getProperty("drift.root", "..")).resolve("drift-storage-api/target/classes");
        assertTrue(Files.isDirectory(classes), "built before the CLI: " + classes);
        Run scan = drift("scan", classes.toString(), "--json");
        assertEquals(0, scan.exit(), scan.err());
        JsonNode jvm = scan.json().get("scanners").get("jvm");
        assertTrue(jvm.get("classes").asLong() > 50, scan.out());
        assertTrue(jvm.get("edges").get("special").asLong() > 0, scan.out());
        assertEquals(jvm.get("files_written").asLong(), scan.json().get("scan").get("files").get("added").asLong(), scan.out());

        // the API's own exception: its constructor has callers all over the API, each an exact edge
        String ctor = "drift.storage.api.StorageException#<init>(Ldrift/storage/api/ErrorCode;Ljava/lang/String;)V";
        Run callers = drift("callers", ctor, "--json");
        assertEquals(0, callers.exit(), callers.err());
        assertTrue(callers.json().size() > 5, callers.out());
        callers.json().forEach(c -> assertEquals("special", c.get("kind").asString(), c.toString()));
        Run callees = drift("callees", "drift.storage.api.SourceFile#of(Ljava/lang/String;)Ldrift/storage/api/SourceFile;", "--json");
        assertEquals(0, callees.exit(), callees.err());
        assertEquals("drift.storage.api.SourceFile#<init>(Ljava/lang/String;Ljava/lang/String;JLjava/lang/String;)V",
                callees.json().get(0).get("function").asString(), callees.out());
        // who uses a type: every call into it from outside, with the function called; FUNCTION or --type or --file, one
        Run users = drift("callers", "--type", "StorageException", "--json");
        assertEquals(0, users.exit(), users.err());
        assertTrue(users.json().size() > 5, users.out());
        users.json().forEach(c -> assertTrue(c.get("callee").asString().startsWith("drift.storage.api.StorageException#")
                && !c.get("function").asString().startsWith("drift.storage.api.StorageException#"), c.toString()));
        assertEquals(2, drift("callers").exit());
        assertEquals(2, drift("callers", ctor, "--type", "StorageException").exit());
        // the innermost of nested functions is said, not silently picked
        Run reach = drift("reachable", "drift/storage/api/SourceFile.java:1");
        assertEquals(3, reach.exit(), "no function there: " + reach.err());

        Run again = drift("scan", classes.toString(), "--json");
        assertEquals(0, again.exit(), again.err());
        assertEquals(0, again.json().get("scanners").get("jvm").get("files_written").asLong(), again.out());
        assertEquals(jvm.get("files_written").asLong(), again.json().get("scan").get("files").get("unchanged").asLong(), again.out());

        Run missing = drift("scan", dir.resolve("nope.jar").toString());
        assertEquals(3, missing.exit(), missing.err());
        assertTrue(missing.err().contains("nope.jar"), missing.err());
        Path text = Files.writeString(dir.resolve("notes.txt"), "not code");
        Run nobody = drift("scan", text.toString());
        assertEquals(2, nobody.exit(), nobody.err());
        assertTrue(nobody.err().contains("no installed scanner reads " + text), nobody.err());
        Run dispatch = drift("scan", classes.toString(), "--dispatch", "guess");
        assertEquals(2, dispatch.exit(), dispatch.err());
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken.resolve("x"));
        Files.write(broken.resolve("x/Bad.class"), new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0});
        Run bad = drift("scan", broken.toString());
        assertEquals(4, bad.exit(), bad.err());
        assertTrue(bad.err().contains("x/Bad.class"), bad.err());
        JsonNode history = drift("scans", "--json").json();
        assertEquals("failed", history.get(0).get("outcome").asString(), history.toString());
        assertTrue(history.get(0).get("attributes").get("error").asString().contains("Bad.class"), history.toString());
        assertEquals(2, drift("status", "--json").json().get("last_scan").get("id").asLong(), "the last committed scan");

        // no path: the last full scan again (scan 2: its paths, root and options), not the failed one or a merge
        Run merge = drift("scan", classes.resolve("drift/storage/api/spi").toString(), "--merge", "--json");
        assertEquals(0, merge.exit(), merge.err());
        Run repeat = drift("scan", "--json");
        assertEquals(0, repeat.exit(), repeat.err());
        assertEquals(jvm.get("files_written").asLong(), repeat.json().get("scan").get("files").get("unchanged").asLong(), repeat.out());
        assertEquals(0, repeat.json().get("scan").get("files").get("removed").asLong(), "the whole code again, not the merge's part");
        assertEquals(classes.toString(), repeat.json().get("scan").get("root").asString(), repeat.out());
        Run otherStore = drift("scan", "--db", dir.resolve("empty/drift.db").toString());
        assertEquals(3, otherStore.exit(), otherStore.err());
    }
}
