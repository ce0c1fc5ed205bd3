package drift.mcp.internal;

import drift.dataset.DatasetImport;
import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.ReachOptions;
import drift.domain.contracts.ContractQuery;
import drift.domain.contracts.ContractStore;
import drift.domain.patterns.Pattern;
import drift.domain.patterns.PatternQuery;
import drift.domain.patterns.PatternStore;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RawResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every tool on the sample scan, against the library's own answers: paged to the end with small pages, each
 * list equals the library's list, in order; bounds, cursors and argument errors.
 */
class ToolsTest {
    @TempDir
    static Path dir;
    static Path path;
    static DatabaseManager lib;
    static Store store;
    static Map<String, DriftTool> tools = new HashMap<>();

    @BeforeAll
    static void importSample() {
        path = dir.resolve("drift.db");
        lib = DatabaseManager.open(DatabaseConfig.defaults(path));
        DatasetImport.run(lib, Path.of(System.getProperty("drift.root"), "samples", "tiny"),
                DatasetImport.Options.defaults().replacing(true));
        store = new Store(path.toString());
        Tools.all(store.db().queries()).forEach(t -> tools.put(t.name(), t));
    }

    @AfterAll
    static void close() {
        store.close();
        lib.close();
    }

    static Answer call(String tool, Map<String, Object> args) {
        DriftTool t = tools.get(tool);
        assertNotNull(t, "no tool " + tool);
        return t.call(new Call(tool, new Args(args, t.schema().names()), store));
    }

    static String error(String tool, Map<String, Object> args) {
        return assertThrows(ToolError.class, () -> call(tool, args)).getMessage();
    }

    /** Every item of a list answer, page by page ({@code limit} a page), checking each page's bookkeeping. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> all(String tool, Map<String, Object> args, int limit) {
        List<Map<String, Object>> items = new ArrayList<>();
        Map<String, Object> a = new LinkedHashMap<>(args);
        a.put("limit", limit);
        for (int page = 0; page < 10_000; page++) {
            Map<String, Object> s = call(tool, a).structured();
            List<Map<String, Object>> got = (List<Map<String, Object>>) s.get("items");
            assertEquals(items.size(), ((Number) s.get("offset")).intValue(), "each page starts where the last ended");
            assertEquals(got.size(), ((Number) s.get("count")).intValue());
            assertTrue(got.size() <= limit);
            items.addAll(got);
            if (!(Boolean) s.get("truncated")) {
                assertFalse(s.containsKey("next_cursor"));
                if (s.containsKey("total")) {
                    assertEquals(items.size(), ((Number) s.get("total")).intValue(), "the total is what paging gave");
                }
                return items;
            }
            assertEquals(limit, got.size(), "a page is short only at the end, unless size or tokens cut it: " + s.get("limited_by"));
            a.put("cursor", s.get("next_cursor"));
        }
        throw new AssertionError("no end");
    }

    static <T> List<Object> column(List<Map<String, Object>> items, String key) {
        return items.stream().map(m -> m.get(key)).toList();
    }

    @Test
    void statusIsTheLibrarysReport() {
        Answer a = call("status", Map.of());
        assertEquals(lib.status().sections(), a.structured().get("domains"));
        assertEquals(lib.lastScan().orElseThrow().id(), ((Map<?, ?>) a.structured().get("last_scan")).get("id"));
        assertTrue(a.text().contains("callgraph: functions=1000"), a.text());
    }

    @Test
    void patternSearchAndFiltersPageToTheLibrarysAnswer() {
        PatternStore patterns = PatternStore.of(lib);
        List<Object> expected = patterns.searchPatterns("auth token", PatternQuery.builder().limit(10_000).build()).stream()
                .map(Pattern::id).map(Object.class::cast).toList();
        assertFalse(expected.isEmpty());
        assertEquals(expected, column(all("search_patterns", Map.of("text", "auth token"), 3), "id"));
        List<Object> approved = patterns.queryPatterns(PatternQuery.builder().status(drift.domain.patterns.PatternStatus.APPROVED)
                .minConfidence(0.5).limit(10_000).build()).patterns().stream().map(Pattern::id).map(Object.class::cast).toList();
        assertEquals(approved, column(all("search_patterns", Map.of("status", "approved", "min_confidence", 0.5), 7), "id"));

        String id = (String) expected.get(0);
        var detail = patterns.getPattern(id).orElseThrow();
        List<Map<String, Object>> where = all("get_pattern", Map.of("id", id), 2);
        assertEquals(detail.locations().size() + detail.outliers().size(), where.size());
        assertEquals(detail.outliers().size(), where.stream().filter(m -> m.get("kind").equals("outlier")).count());
        assertTrue(error("get_pattern", Map.of("id", "no-such")).contains("no pattern has the id 'no-such'"));
    }

    @Test
    void callGraphToolsAnswerAsTheLibrary() {
        CallGraphStore cg = CallGraphStore.of(lib);
        String entry = cg.entryPoints(1).get(0);
        var f = cg.getFunction(entry).orElseThrow();

        // the function at a line, and the same function named by that line
        Answer at = call("functions_at", Map.of("file", f.file(), "line", f.startLine()));
        assertEquals(entry, at.structured().get("innermost"));

        List<Map<String, Object>> callees = all("callees", Map.of("file", f.file(), "line", f.startLine()), 2);
        assertEquals(cg.getCallees(entry).size(), callees.size());
        String callee = (String) callees.stream().filter(m -> m.get("callee") != null).findFirst().orElseThrow().get("callee");
        assertEquals(cg.getCallers(callee).size(), all("callers", Map.of("function", callee), 1).size());
        assertTrue(column(all("callers", Map.of("function", callee), 5), "caller").contains(entry));
        // named as an agent would name it: file and name (the library's own rule, CallGraphStore.function)
        var named = cg.getFunction(callee).orElseThrow();
        String qualified = named.file() + ":" + named.name();
        if (cg.findFunctions(qualified).size() == 1) {
            assertEquals(column(all("callers", Map.of("function", callee), 5), "caller"),
                    column(all("callers", Map.of("function", qualified), 5), "caller"));
        } else {
            assertTrue(error("callers", Map.of("function", qualified)).contains(callee), "an ambiguous name lists the ids");
        }

        List<Object> deep = cg.transitiveCallees(entry, 4).orElseThrow().stream().map(r -> (Object) r.function().id()).toList();
        assertEquals(deep, column(all("callees", Map.of("function", entry, "depth", 4), 4), "id"));

        var reach = cg.getReachableDataFrom(entry, ReachOptions.DEFAULT).orElseThrow();
        List<Map<String, Object>> data = all("reachable_data", Map.of("function", entry), 4);
        assertEquals(reach.access().size(), data.size());
        assertEquals(reach.access().stream().map(x -> (Object) x.path()).toList(), column(data, "path"));

        var who = cg.whoReaches("accounts", "balance");
        assertFalse(who.isEmpty());
        List<Map<String, Object>> reaching = all("who_reaches", Map.of("table", "accounts", "field", "balance"), 3);
        assertEquals(who.stream().map(e -> (Object) e.entryPoint().id()).toList(), column(reaching, "id"));
        assertEquals(who.stream().map(e -> (Object) e.path()).toList(), column(reaching, "path"));

        // impact: the entry points first, then the other callers, nearest first
        String accessor = reach.access().get(reach.access().size() - 1).functionId();
        var impact = cg.impact(accessor, 50).orElseThrow();
        List<Map<String, Object>> hit = all("impact", Map.of("function", accessor), 5);
        assertEquals(impact.callers().size() + (impact.function().entryPoint() ? 1 : 0), hit.size());
        assertEquals(impact.entryPoints().stream().map(e -> (Object) e.function().id()).toList(),
                column(hit.subList(0, impact.entryPoints().size()), "id"));
        assertTrue(impact.entryPoints().stream().anyMatch(e -> e.function().id().equals(entry)) || !deep.contains(accessor));

        assertTrue(error("callers", Map.of("function", "nope")).contains("no function with id or name 'nope'"));
        assertTrue(error("callers", Map.of("function", entry, "file", "x")).contains("not both"));
        assertTrue(error("reachable_data", Map.of("file", f.file(), "line", 999_999)).contains("no function contains"));
    }

    @Test
    void contractsScansSqlAndDomainQueries() {
        ContractStore contracts = ContractStore.of(lib);
        var listed = contracts.queryContracts(ContractQuery.builder().limit(10_000).build());
        List<Map<String, Object>> got = all("contracts", Map.of(), 6);
        assertEquals(listed.stream().map(c -> (Object) c.id()).toList(), column(got, "id"));
        var withMismatch = listed.stream().filter(c -> c.mismatches() > 0).findFirst().orElseThrow();
        Map<String, Object> one = call("contracts", Map.of("id", withMismatch.id())).structured();
        assertEquals((int) withMismatch.mismatches(), ((List<?>) one.get("mismatches")).size());
        assertTrue(error("contracts", Map.of("id", withMismatch.id(), "status", "verified")).contains("does not go with 'id'"));

        assertEquals(lib.scans(100).size(), all("scans", Map.of(), 1).size());

        RawResult raw = lib.executeRaw("SELECT id, name, start_line FROM callgraph_function WHERE start_line > ?1 ORDER BY id", 100);
        List<Map<String, Object>> rows = all("sql", Map.of("query", "SELECT id, name, start_line FROM callgraph_function WHERE "
                + "start_line > ?1 ORDER BY id", "params", List.of(100)), 37);
        assertEquals(raw.rows().stream().map(r -> r.get(0)).toList(), column(rows, "id"));
        assertTrue(assertThrows(drift.storage.api.StorageException.class, () -> call("sql", Map.of("query", "DELETE FROM callgraph_call")))
                .getMessage().toLowerCase().contains("read-only"));

        String fn = CallGraphStore.of(lib).entryPoints(1).get(0);
        List<Map<String, Object>> viaQuery = all("domain_query", Map.of("domain", "callgraph", "query", "callees",
                "arguments", Map.of("function", fn)), 3);
        assertEquals(lib.query("callgraph", "callees", Map.of("function", fn)), viaQuery);
        assertTrue(error("domain_query", Map.of("domain", "callgraph", "query", "nope")).contains("has no query 'nope'"));
    }

    @Test
    void everyAnswerStaysWithinItsBoundsAndSaysSo() {
        // a page of 500 wide rows stops at the byte cap and says so
        Answer wide = call("sql", Map.of("query", "SELECT id, file, name, printf('%.300c', 'x') AS pad FROM callgraph_function", "limit", 500));
        int bytes = Json.bytes(wide.structured()) + wide.text().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= Pager.MAX_BYTES, "answer of " + bytes + " bytes");
        assertEquals("size", wide.structured().get("limited_by"));
        assertTrue((Integer) wide.structured().get("count") > 10);

        // a token budget fills the page only as far as it fits
        Answer budget = call("sql", Map.of("query", "SELECT id, file, name FROM callgraph_function", "limit", 500, "max_tokens", 1_000));
        long tokens = ((Number) budget.structured().get("estimated_tokens")).longValue();
        assertTrue(tokens <= 1_000 && tokens > 500, "estimated " + tokens);
        assertEquals("max_tokens", budget.structured().get("limited_by"));
        assertEquals(Pager.estimate(new LinkedHashMap<>(budget.structured())), tokens);

        // one value larger than any page: shortened in place, never dropped
        Answer huge = call("sql", Map.of("query", "SELECT printf('%.200000c', 'y') AS big UNION ALL SELECT 'small'"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) huge.structured().get("items");
        assertEquals(2, items.size());
        assertEquals(true, items.get(0).get("trimmed"));
        assertTrue(((String) items.get(0).get("big")).contains("more characters"));
        assertTrue(Json.bytes(huge.structured()) <= Pager.MAX_BYTES);
    }

    @Test
    void cursorsAreBoundToTheirListAndToTheScan() {
        Map<String, Object> args = new LinkedHashMap<>(Map.of("query", "SELECT id FROM callgraph_function ORDER BY id", "limit", 10));
        String cursor = (String) call("sql", args).structured().get("next_cursor");
        assertNotNull(cursor);
        assertTrue(error("sql", Map.of("query", "SELECT id FROM callgraph_function ORDER BY id", "cursor", "garbage!")).contains("not a cursor this server made"));
        assertTrue(error("sql", Map.of("query", "SELECT name FROM callgraph_function", "cursor", cursor)).contains("other arguments"));
        assertTrue(error("scans", Map.of("cursor", cursor)).contains("belongs to the tool 'sql'"));
        // limit may change between pages
        args.put("cursor", cursor);
        args.put("limit", 3);
        assertEquals(10, ((Number) call("sql", args).structured().get("offset")).intValue());
        // a scan committed since: the cursor says so instead of paging through another answer
        DatasetImport.run(lib, Path.of(System.getProperty("drift.root"), "samples", "tiny"), DatasetImport.Options.defaults().replacing(true));
        String stale = error("sql", args);
        assertTrue(stale.contains("changed since this cursor was made"), stale);
        args.remove("cursor");
        assertEquals(0, ((Number) call("sql", args).structured().get("offset")).intValue());
    }

    @Test
    void argumentsAreCheckedByName() {
        assertTrue(error("status", Map.of("x", 1)).contains("unknown argument 'x': this tool takes none"));
        assertTrue(error("callers", Map.of("function", 42)).contains("argument 'function' must be a string, was 42"));
        assertTrue(error("callers", Map.of("function", "f", "depth", "deep")).contains("argument 'depth' must be an integer"));
        assertTrue(error("callers", Map.of("function", "f", "depth", 0)).contains("between 1 and 1000, was 0"));
        assertTrue(error("search_patterns", Map.of("status", "great")).contains("must be one of discovered, approved, ignored"));
        assertTrue(error("search_patterns", Map.of("limit", 501)).contains("'limit' must be between 1 and 500"));
        assertTrue(error("who_reaches", Map.of()).contains("argument 'table' is required"));
        assertTrue(error("sql", Map.of("query", "SELECT 1", "params", "x")).contains("'params' must be an array"));
    }

    @Test
    void aMissingOrForeignDatabaseIsAnErrorUntilItIsThere() throws Exception {
        Path later = dir.resolve("later.db");
        try (Store s = new Store(later.toString())) {
            DriftTool status = tools.get("status");
            ToolError missing = assertThrows(ToolError.class, () -> status.call(new Call("status", new Args(Map.of(), List.of()), s)));
            assertTrue(missing.getMessage().contains("there is no drift database at " + later), missing.getMessage());
            try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.defaults(later))) {
                assertNotNull(m.status());
            }
            assertNotNull(status.call(new Call("status", new Args(Map.of(), List.of()), s)).structured().get("domains"));
        }
        Path foreign = dir.resolve("foreign.db");
        Files.writeString(foreign, "this is not a database, it is a note");
        try (Store s = new Store(foreign.toString())) {
            ToolError e = assertThrows(ToolError.class, () -> tools.get("scans").call(new Call("scans", new Args(Map.of(), List.of("limit", "cursor", "max_tokens")), s)));
            assertTrue(e.getMessage().startsWith("cannot open " + foreign), e.getMessage());
        }
    }
}
