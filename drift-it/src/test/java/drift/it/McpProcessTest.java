package drift.it;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.ReachOptions;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code drift mcp} as a real process, driven by the MCP Java SDK's own client over stdio: the tools listed, every
 * tool called on the sample scan with the answers of the CLI and the library, a long answer paged to its end, bad
 * requests answered without ending the server, a rescan by another process seen whole, and the tools of a domain
 * dropped into mods/.
 */
class McpProcessTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static Path db;
    static McpSyncClient client;

    @BeforeAll
    static void start() {
        db = dir.resolve("drift.db");
        JavaProcess.Result imp = JavaProcess.run(dir, Build.mods().toString(), "drift.cli", "import", "--replace",
                Build.root().resolve("samples/tiny").toString(), "--db", db.toString());
        assertEquals(0, imp.exit(), imp.toString());
        client = connect(Build.mods().toString());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    static McpSyncClient connect(String mods) {
        ServerParameters server = ServerParameters.builder(JavaProcess.java().toString())
                .args("-p", mods, "-m", "drift.cli", "mcp", "--db", db.toString()).build();
        McpSyncClient c = McpClient.sync(new StdioClientTransport(server, new JacksonMcpJsonMapper(JSON)))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
        c.initialize();
        return c;
    }

    static CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(new CallToolRequest(tool, args));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> ok(String tool, Map<String, Object> args) {
        CallToolResult r = call(client, tool, args);
        assertFalse(Boolean.TRUE.equals(r.isError()), tool + " failed: " + r.content());
        assertFalse(r.content().isEmpty(), "a text rendering too");
        return (Map<String, Object>) r.structuredContent();
    }

    static String error(String tool, Map<String, Object> args) {
        CallToolResult r = call(client, tool, args);
        assertEquals(Boolean.TRUE, r.isError(), tool + " should fail: " + r);
        String text = ((McpSchema.TextContent) r.content().get(0)).text();
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
        return text;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> pages(String tool, Map<String, Object> args, int limit) {
        List<Map<String, Object>> all = new ArrayList<>();
        Map<String, Object> a = new LinkedHashMap<>(args);
        a.put("limit", limit);
        while (true) {
            Map<String, Object> s = ok(tool, a);
            all.addAll((List<Map<String, Object>>) s.get("items"));
            if (!(Boolean) s.get("truncated")) {
                return all;
            }
            a.put("cursor", s.get("next_cursor"));
        }
    }

    static JsonNode cli(String... args) {
        List<String> full = new ArrayList<>(List.of(args));
        full.addAll(List.of("--json", "--db", db.toString()));
        JavaProcess.Result r = JavaProcess.run(dir, Build.mods().toString(), "drift.cli", full.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        return JSON.readTree(r.out());
    }

    @Test
    void listsItsToolsWithSchemas() {
        List<McpSchema.Tool> tools = client.listTools().tools();
        List<String> names = tools.stream().map(McpSchema.Tool::name).toList();
        assertTrue(names.containsAll(List.of("status", "search_patterns", "get_pattern", "functions_at", "callers", "callees",
                "reachable_data", "who_reaches", "impact", "contracts", "scans", "sql", "domain_query")), names.toString());
        for (McpSchema.Tool t : tools) {
            assertTrue(t.description().length() > 80, t.name() + " has a description written for an agent");
            assertEquals("object", t.inputSchema().get("type"));
        }
    }

    @Test
    void everyToolAnswersAsTheCliAndTheLibrary() {
        JsonNode status = cli("status");
        Map<String, Object> s = ok("status", Map.of());
        assertEquals(status.get("callgraph").get("functions").asLong(), ((Number) ((Map<?, ?>) ((Map<?, ?>) s.get("domains"))
                .get("callgraph")).get("functions")).longValue());

        try (DatabaseManager lib = DatabaseManager.open(DatabaseConfig.builder(db).readOnly(true).createIfMissing(false).build())) {
            CallGraphStore cg = CallGraphStore.of(lib);
            String entry = cg.entryPoints(1).get(0);
            var f = cg.getFunction(entry).orElseThrow();

            assertEquals(entry, ok("functions_at", Map.of("file", f.file(), "line", f.startLine() + 1)).get("innermost"));

            JsonNode callees = cli("callees", entry);
            List<Map<String, Object>> viaMcp = pages("callees", Map.of("function", entry), 3);
            assertEquals(callees.size(), viaMcp.size());
            String callee = null;
            for (int i = 0; i < callees.size(); i++) {
                assertEquals(callees.get(i).get("line").asLong(), ((Number) viaMcp.get(i).get("call_line")).longValue());
                JsonNode fn = callees.get(i).get("function");
                assertEquals(fn.isNull() ? null : fn.asString(), viaMcp.get(i).get("callee"));
                if (!fn.isNull()) {
                    callee = fn.asString();
                }
            }
            if (callee != null) {
                assertEquals(cli("callers", callee).size(), pages("callers", Map.of("function", callee), 2).size());
            }

            var reach = cg.getReachableDataFrom(entry, ReachOptions.DEFAULT).orElseThrow();
            JsonNode reachable = cli("reachable", f.file() + ":" + f.startLine());
            List<Map<String, Object>> data = pages("reachable_data", Map.of("file", f.file(), "line", f.startLine()), 4);
            assertEquals(reach.access().size(), data.size());
            assertEquals(reachable.size(), data.size(), "the CLI prints every row with --json");
            assertEquals(reach.access().stream().map(a -> (Object) a.path()).toList(), data.stream().map(m -> m.get("path")).toList());

            JsonNode who = cli("who-reaches", "accounts.balance");
            List<Map<String, Object>> reaching = pages("who_reaches", Map.of("table", "accounts", "field", "balance"), 2);
            assertEquals(who.size(), reaching.size());
            for (int i = 0; i < who.size(); i++) {
                assertEquals(who.get(i).get("entry_point").asString(), reaching.get(i).get("id"));
            }

            String accessor = reach.access().get(0).functionId();
            var impact = cg.impact(accessor, 50).orElseThrow();
            Map<String, Object> hit = ok("impact", Map.of("function", accessor, "limit", 5));
            assertEquals(impact.callers().size(), ((Number) hit.get("affected_functions")).intValue());
            assertEquals(impact.entryPoints().size(), ((Number) hit.get("entry_points_affected")).intValue());

            JsonNode search = cli("patterns", "search", "auth token", "--limit", "1000");
            List<Map<String, Object>> found = pages("search_patterns", Map.of("text", "auth token"), 4);
            assertEquals(search.size(), found.size());
            for (int i = 0; i < search.size(); i++) {
                assertEquals(search.get(i).get("id").asString(), found.get(i).get("id"));
            }
            String pattern = search.get(0).get("id").asString();
            assertEquals(pattern, ((Map<?, ?>) ok("get_pattern", Map.of("id", pattern)).get("pattern")).get("id"));

            JsonNode contracts = cli("contracts", "list", "--limit", "1000");
            assertEquals(contracts.size(), pages("contracts", Map.of(), 7).size());
            assertEquals(cli("scans").size(), pages("scans", Map.of(), 1).size());

            // a long answer paged to its end is the whole answer, in order
            var rows = lib.executeRaw("SELECT id, file, start_line FROM callgraph_function ORDER BY file, start_line, id").rows();
            List<Map<String, Object>> paged = pages("sql", Map.of("query", "SELECT id, file, start_line FROM callgraph_function "
                    + "ORDER BY file, start_line, id"), 97);
            assertEquals(rows.stream().map(r -> (Object) r.get(0)).toList(), paged.stream().map(m -> m.get("id")).toList());

            assertEquals(lib.query("callgraph", "callers", Map.of("function", entry)).size(),
                    pages("domain_query", Map.of("domain", "callgraph", "query", "callers", "arguments", Map.of("function", entry)), 2).size());
        }
    }

    @Test
    void badRequestsAreToolErrorsAndTheServerKeepsServing() {
        assertTrue(error("callers", Map.of("function", "no.such#fn()V")).contains("no function with id or name"));
        assertTrue(error("callers", Map.of("function", 7)).contains("argument 'function' must be a string, was 7"));
        assertTrue(error("sql", Map.of("query", "SELECT 1", "cursor", "not-a-cursor")).contains("not a cursor this server made"));
        assertTrue(error("sql", Map.of("query", "DROP TABLE callgraph_call")).startsWith("query rejected"));
        assertTrue(error("who_reaches", Map.of("table", "x", "extra", true)).contains("unknown argument 'extra'"));
        assertTrue(call(client, "status", Map.of()).isError() != Boolean.TRUE, "still serving");
    }

    @Test
    void aLineThatIsNotJsonRpcIsAnsweredAndTheNextRequestServed() throws Exception {
        Process p = new ProcessBuilder(JavaProcess.java().toString(), "-p", Build.mods().toString(), "-m", "drift.cli", "mcp", "--db",
                db.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n";
            in.write(init.getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertEquals(1, JSON.readTree(out.readLine()).get("id").asInt());
            in.write(("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n{oops\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"scans\",\"arguments\":{\"limit\":1}}}\n")
                    .getBytes(StandardCharsets.UTF_8));
            in.flush();
            JsonNode parseError = JSON.readTree(out.readLine());
            assertEquals(-32700, parseError.get("error").get("code").asInt(), parseError.toString());
            JsonNode answer = JSON.readTree(out.readLine());
            assertEquals(2, answer.get("id").asInt(), answer.toString());
            assertEquals(1, answer.get("result").get("structuredContent").get("count").asInt(), answer.toString());
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server ends when its input does");
        assertEquals(0, p.exitValue());
    }

    @Test
    void aRescanInAnotherProcessIsSeenWholeAndOldCursorsSaySo() {
        Map<String, Object> first = ok("sql", Map.of("query", "SELECT id FROM callgraph_function ORDER BY id", "limit", 5));
        long before = ((Number) ((Map<?, ?>) ok("status", Map.of()).get("last_scan")).get("id")).longValue();
        JavaProcess.Result again = JavaProcess.run(dir, Build.mods().toString(), "drift.cli", "import", "--replace",
                Build.root().resolve("samples/tiny").toString(), "--db", db.toString());
        assertEquals(0, again.exit(), again.toString());
        Map<String, Object> status = ok("status", Map.of());
        assertTrue(((Number) ((Map<?, ?>) status.get("last_scan")).get("id")).longValue() > before);
        assertEquals(1000L, ((Number) ((Map<?, ?>) ((Map<?, ?>) status.get("domains")).get("callgraph")).get("functions")).longValue());
        String stale = error("sql", Map.of("query", "SELECT id FROM callgraph_function ORDER BY id", "cursor", first.get("next_cursor")));
        assertTrue(stale.contains("changed since this cursor was made"), stale);
    }

    @Test
    void aDomainDroppedIntoModsBringsItsQueriesAsTools() throws Exception {
        Path mods = Build.copyMods(dir.resolve("mods-with-todos"), n -> true);
        java.nio.file.Files.copy(Build.exampleJar(), mods.resolve(Build.exampleJar().getFileName()));
        Path todosDb = dir.resolve("todos.db");
        JavaProcess.Result imp = JavaProcess.run(dir, mods.toString(), "drift.cli", "import",
                Build.root().resolve("examples/drift-domain-example/sample").toString(), "--db", todosDb.toString());
        assertEquals(0, imp.exit(), imp.toString());
        ServerParameters server = ServerParameters.builder(JavaProcess.java().toString())
                .args("-p", mods.toString(), "-m", "drift.cli", "mcp", "--db", todosDb.toString()).build();
        McpSyncClient c = McpClient.sync(new StdioClientTransport(server, new JacksonMcpJsonMapper(JSON)))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
        try {
            c.initialize();
            List<String> names = c.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertTrue(names.contains("todos_list"), names.toString());
            CallToolResult r = call(c, "todos_list", Map.of("kind", "TODO"));
            assertFalse(Boolean.TRUE.equals(r.isError()), r.toString());
            Map<?, ?> s = (Map<?, ?>) r.structuredContent();
            assertTrue(((Number) s.get("count")).intValue() > 0, s.toString());
        } finally {
            c.closeGracefully();
        }
    }

    @Test
    void aStoreMadeAfterTheServerStartedIsServedAndItsQueryToolsAnnounced() throws Exception {
        Path later = dir.resolve("later.db");
        java.util.concurrent.BlockingQueue<List<String>> announced = new java.util.concurrent.LinkedBlockingQueue<>();
        ServerParameters server = ServerParameters.builder(JavaProcess.java().toString())
                .args("-p", Build.mods().toString(), "-m", "drift.cli", "mcp", "--db", later.toString()).build();
        McpSyncClient c = McpClient.sync(new StdioClientTransport(server, new JacksonMcpJsonMapper(JSON)))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60))
                .toolsChangeConsumer(tools -> announced.add(tools.stream().map(McpSchema.Tool::name).toList())).build();
        try {
            c.initialize();
            List<String> before = c.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertFalse(before.contains("domain_query"), before.toString());
            CallToolResult missing = call(c, "status", Map.of());
            assertEquals(Boolean.TRUE, missing.isError(), missing.toString());
            assertTrue(((McpSchema.TextContent) missing.content().get(0)).text().contains(later.getFileName().toString()), missing.toString());

            JavaProcess.Result imp = JavaProcess.run(dir, Build.mods().toString(), "drift.cli", "import", "--replace",
                    Build.root().resolve("samples/tiny").toString(), "--db", later.toString());
            assertEquals(0, imp.exit(), imp.toString());
            CallToolResult status = call(c, "status", Map.of());
            assertFalse(Boolean.TRUE.equals(status.isError()), status.toString());
            // the tools of the domains' named queries join, and the client is told (notifications/tools/list_changed)
            List<String> after = announced.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(after != null && after.contains("domain_query"), String.valueOf(after));
            assertTrue(c.listTools().tools().stream().anyMatch(t -> t.name().equals("domain_query")));
        } finally {
            c.closeGracefully();
        }
    }
}
