package drift.it;

import drift.storage.testkit.internal.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI on a PostgreSQL server (an embedded one the test kit starts: no install step), as real processes over
 * {@code mods/}: the same import answers as on a file; repositories scanned in parallel and asked together; a
 * rescan killed mid-way leaves the repository's previous scan whole.
 */
class PostgresProcessTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private JavaProcess.Result drift(String... args) {
        return JavaProcess.run(dir, Build.mods().toString(), "drift.cli", args);
    }

    /** The output of a command as JSON, the command having succeeded. */
    private JsonNode json(String... args) {
        JavaProcess.Result r = drift(args);
        assertEquals(0, r.exit(), r.toString());
        return JSON.readTree(r.out());
    }

    /** A status without what differs by place and time: the database's location and the scan's times. */
    private static JsonNode comparable(JsonNode status) {
        tools.jackson.databind.node.ObjectNode s = (tools.jackson.databind.node.ObjectNode) status.deepCopy();
        s.remove("database");
        tools.jackson.databind.node.ObjectNode last = (tools.jackson.databind.node.ObjectNode) s.get("last_scan");
        for (String f : List.of("started_at", "ended_at", "duration_ms")) {
            last.remove(f);
        }
        return s;
    }

    private static Set<String> ids(JsonNode rows) {
        Set<String> out = new TreeSet<>();
        rows.forEach(r -> out.add(r.get("id").asString()));
        return out;
    }

    @Test
    void aServerStoreAnswersAsAFileDoes() {
        Path sample = Build.root().resolve("samples/tiny");
        String url = TestServers.newSchemaUrl();
        String file = dir.resolve("tiny.db").toString();
        json("import", "--replace", sample.toString(), "--db", file, "--json");
        JsonNode imported = json("import", "--replace", sample.toString(), "--db", url, "--json");
        assertEquals(6420, imported.get("stored").asLong(), imported.toString());

        assertEquals(comparable(json("status", "--json", "--db", file)), comparable(json("status", "--json", "--db", url)));
        String entry = json("sql", "SELECT id FROM callgraph_function WHERE is_entry_point = 1 ORDER BY id LIMIT 1", "--json",
                "--db", file).get(0).get("id").asString();
        List<List<String>> questions = List.of(List.of("callers", entry), List.of("callees", entry), List.of("who-reaches", "users"),
                List.of("who-reaches", "patients.ssn"), List.of("contracts", "list"), List.of("patterns", "list", "--limit", "200"),
                List.of("scans"));
        for (List<String> q : questions) {
            List<String> onFile = new ArrayList<>(q);
            onFile.addAll(List.of("--json", "--db", file));
            List<String> onServer = new ArrayList<>(q);
            onServer.addAll(List.of("--json", "--db", url));
            JsonNode a = json(onFile.toArray(String[]::new));
            JsonNode b = json(onServer.toArray(String[]::new));
            if (q.get(0).equals("scans")) {
                assertEquals(a.size(), b.size(), "scans");
                continue;
            }
            assertEquals(a, b, String.join(" ", q));
        }
        // search ranks by each engine's relevance (bm25, ts_rank): the same patterns are found
        for (String words : List.of("auth", "auth tok*", "handler")) {
            assertEquals(ids(json("patterns", "search", words, "--limit", "500", "--json", "--db", file)),
                    ids(json("patterns", "search", words, "--limit", "500", "--json", "--db", url)), words);
        }
        // drift sql's numbered parameters mean the same on both
        String counted = "SELECT count(*) AS n FROM patterns_pattern WHERE confidence > ?1 AND category <> ?2 AND confidence < ?1 + 0.3";
        assertEquals(json("sql", counted, "0.5", "auth", "--json", "--db", file), json("sql", counted, "0.5", "auth", "--json", "--db", url));
        JavaProcess.Result check = drift("check", "--db", url);
        assertEquals(0, check.exit(), check.toString());
        JavaProcess.Result write = drift("sql", "DELETE FROM drift_scan", "--db", url);
        assertEquals(6, write.exit(), write.toString());
        JavaProcess.Result backup = drift("backup", dir.resolve("b.db").toString(), "--db", url);
        assertTrue(backup.exit() != 0 && backup.err().contains("pg_dump"), backup.toString());
    }

    @Test
    void repositoriesAreScannedInParallelAndAskedTogether() throws Exception {
        Path sample = Build.root().resolve("samples/tiny");
        String url = TestServers.newSchemaUrl().replaceFirst("[&?]currentSchema=[^&]*", "");
        String run = Long.toString(System.nanoTime() & 0xffffff, 36);
        List<String> repos = List.of("a" + run, "b" + run, "c" + run);
        List<Process> scans = new ArrayList<>();
        for (String repo : repos) {
            scans.add(new ProcessBuilder(JavaProcess.java().toString(), "-p", Build.mods().toString(), "-m", "drift.cli", "import",
                    "--replace", sample.toString(), "--db", url, "--repo", repo).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve(repo + ".log").toFile()).start());
        }
        for (Process p : scans) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "import timed out");
            assertEquals(0, p.exitValue(), java.nio.file.Files.readString(dir.resolve(repos.get(scans.indexOf(p)) + ".log")));
        }
        String entry = json("sql", "SELECT id FROM callgraph_function WHERE is_entry_point = 1 ORDER BY id LIMIT 1", "--json",
                "--db", url, "--repo", repos.get(0)).get(0).get("id").asString();
        JsonNode one = json("callers", entry, "--json", "--db", url, "--repo", repos.get(1));
        JsonNode all = json("callers", entry, "--json", "--db", url, "--all-repos");
        List<String> seen = new ArrayList<>();
        all.forEach(r -> {
            if (repos.contains(r.get("repo").asString())) {
                seen.add(r.get("repo").asString());
            }
        });
        assertEquals(one.size() * repos.size(), seen.size(), all.toString());
        assertTrue(seen.containsAll(repos), all.toString());
        // an agent asks one repository per call, and learns them from status
        io.modelcontextprotocol.client.McpSyncClient mcp = io.modelcontextprotocol.client.McpClient.sync(
                new io.modelcontextprotocol.client.transport.StdioClientTransport(io.modelcontextprotocol.client.transport.ServerParameters
                        .builder(JavaProcess.java().toString()).args("-p", Build.mods().toString(), "-m", "drift.cli", "mcp", "--db", url,
                                "--repo", repos.get(0)).build(), new io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper(JSON)))
                .requestTimeout(java.time.Duration.ofSeconds(60)).initializationTimeout(java.time.Duration.ofSeconds(60)).build();
        try {
            mcp.initialize();
            var status = mcp.callTool(new io.modelcontextprotocol.spec.McpSchema.CallToolRequest("status", java.util.Map.of()));
            assertTrue(!Boolean.TRUE.equals(status.isError()), status.toString());
            JsonNode st = JSON.valueToTree(status.structuredContent());
            assertEquals(repos.get(0), st.get("repository").asString(), st.toString());
            List<String> listed = new ArrayList<>();
            st.get("repositories").forEach(r -> listed.add(r.asString()));
            assertTrue(listed.containsAll(repos), st.toString());
            var callers = mcp.callTool(new io.modelcontextprotocol.spec.McpSchema.CallToolRequest("callers",
                    java.util.Map.of("function", entry, "repo", repos.get(2))));
            assertTrue(!Boolean.TRUE.equals(callers.isError()), callers.toString());
            assertEquals(one.size(), JSON.valueToTree(callers.structuredContent()).get("items").size(), callers.toString());
            var across = mcp.callTool(new io.modelcontextprotocol.spec.McpSchema.CallToolRequest("callers",
                    java.util.Map.of("function", entry, "all_repos", true)));
            assertTrue(!Boolean.TRUE.equals(across.isError()), across.toString());
            JsonNode pages = JSON.valueToTree(across.structuredContent()).get("repositories");
            for (String repo : repos) {
                assertEquals(one.size(), pages.get(repo).get("items").size(), pages.toString());
            }
            var missing = mcp.callTool(new io.modelcontextprotocol.spec.McpSchema.CallToolRequest("callers",
                    java.util.Map.of("function", entry, "repo", "no_such_repo_" + run)));
            assertTrue(Boolean.TRUE.equals(missing.isError()), missing.toString());
        } finally {
            mcp.closeGracefully();
        }
        JavaProcess.Result both = drift("callers", entry, "--db", url, "--repo", repos.get(0), "--all-repos");
        assertEquals(2, both.exit(), both.toString());
        assertTrue(both.err().contains("exclude each other"), both.toString());
    }

    /** The jar in mods/ whose name starts with {@code prefix}. */
    private static String modJar(String prefix) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(Build.mods())) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow().toString();
        }
    }

    @Test
    void bytecodeScansAndIncrementalRescansKeepTheSameCountsOnBoth() throws Exception {
        // exact edges of every kind, then a rescan that adds a jar and changes the resolution of calls already stored
        String url = TestServers.newSchemaUrl();
        String file = dir.resolve("self.db").toString();
        List<String> first = List.of(modJar("drift-storage-api-"), modJar("drift-dataset-"));
        List<String> second = List.of(modJar("drift-storage-api-"), modJar("drift-dataset-"), modJar("picocli-"));
        for (List<String> jars : List.of(first, second)) {
            for (String db : List.of(file, url)) {
                List<String> args = new ArrayList<>(List.of("scan"));
                args.addAll(jars);
                args.addAll(List.of("--db", db));
                JavaProcess.Result r = drift(args.toArray(String[]::new));
                assertEquals(0, r.exit(), r.toString());
            }
            JsonNode a = json("status", "--json", "--db", file);
            JsonNode b = json("status", "--json", "--db", url);
            assertEquals(a.get("callgraph"), b.get("callgraph"), "after scanning " + jars);
            assertEquals(a.get("contracts"), b.get("contracts"), "after scanning " + jars);
        }
        String caller = "picocli.CommandLine#execute([Ljava/lang/String;)I";
        assertEquals(json("callees", caller, "--json", "--db", file), json("callees", caller, "--json", "--db", url));
    }

    @Test
    void aRescanKilledMidWayLeavesThePreviousScanWhole() throws Exception {
        Path sample = Build.root().resolve("samples/tiny");
        String url = TestServers.newSchemaUrl();
        json("import", "--replace", sample.toString(), "--db", url, "--json");
        JsonNode before = comparable(json("status", "--json", "--db", url));
        for (long delayMs : new long[] {900, 1400, 1900}) {
            Process p = new ProcessBuilder(JavaProcess.java().toString(), "-p", Build.mods().toString(), "-m", "drift.cli", "import",
                    "--replace", sample.toString(), "--db", url).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(delayMs);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            JsonNode after = comparable(json("status", "--json", "--db", url));
            // the old scan, or (killed after its commit) the new one: the same rows, one more scan in the history
            tools.jackson.databind.node.ObjectNode a = (tools.jackson.databind.node.ObjectNode) after.deepCopy();
            tools.jackson.databind.node.ObjectNode b = (tools.jackson.databind.node.ObjectNode) before.deepCopy();
            ((tools.jackson.databind.node.ObjectNode) a.get("last_scan")).remove("id");
            ((tools.jackson.databind.node.ObjectNode) b.get("last_scan")).remove("id");
            assertEquals(b, a, "killed after " + delayMs + " ms");
        }
        // the store takes the next scan: the killed writer's lock went with its session
        json("import", "--replace", sample.toString(), "--db", url, "--json");
    }
}
