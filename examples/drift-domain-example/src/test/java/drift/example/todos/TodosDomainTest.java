package drift.example.todos;

import drift.example.todos.internal.TodosDomain;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.Fields;
import drift.storage.api.RowRejectedException;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.DatasetImporter;
import org.junit.jupiter.api.BeforeEach;
import drift.storage.testkit.DriftStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TodosDomainTest {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final DriftStore fixture = DriftStore.of(new TodosDomain());
    Path dir;
    DatabaseManager db;
    TodoStore store;

    @BeforeEach
    void open() {
        dir = fixture.dir();
        db = fixture.db();
        store = TodoStore.of(db);
    }

    private void insert(Todo... markers) {
        store.insert(List.of(markers));
        db.batch().flushAndWait();
    }

    private static Map<String, Object> section(long todo, long fixme, long hack) {
        Map<String, Object> byKind = new LinkedHashMap<>();
        byKind.put("TODO", todo);
        byKind.put("FIXME", fixme);
        byKind.put("HACK", hack);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("markers", todo + fixme + hack);
        m.put("by_kind", byKind);
        return m;
    }

    private Map<String, Object> status() {
        return db.status().sections().get("todos");
    }

    /** The counters must equal a recount of the table. */
    private void assertCountersMatchTable() {
        long[] n = new long[3];
        for (TodoKind k : TodoKind.values()) {
            n[k.ordinal()] = db.read(r -> r.queryLong("SELECT count(*) FROM todos_marker WHERE kind = ?", k.name()));
        }
        assertEquals(section(n[0], n[1], n[2]), status());
    }

    @Test
    void foundByServiceLoaderAsADropIn() {
        List<String> ids = new ArrayList<>();
        ServiceLoader.load(drift.storage.api.spi.StorageDomain.class).forEach(d -> ids.add(d.id()));
        assertTrue(ids.contains("todos"), ids.toString());
        assertTrue(db.hasDomain("todos"));
    }

    @Test
    void ofRefusesADatabaseWithoutTheDomain() {
        try (DatabaseManager other = DatabaseManager.open(DatabaseConfig.defaults(dir.resolve("other.db")), List.of())) {
            assertEquals(StorageErrorCode.NOT_FOUND, assertThrows(StorageException.class, () -> TodoStore.of(other)).code());
        }
    }

    @Test
    void writesListsCountsAndReplacesByPlace() {
        assertEquals(section(0, 0, 0), status());
        Todo a1 = new Todo("a.ts", 1, TodoKind.TODO, "x", null);
        Todo a2 = new Todo("a.ts", 2, TodoKind.FIXME, "y", "ana");
        Todo b3 = new Todo("b.ts", 3, TodoKind.TODO, "z", null);
        insert(b3, a2, a1);
        assertEquals(List.of(a1, a2, b3), store.list(null, null), "by file and line");
        assertEquals(List.of(a1, b3), store.list(TodoKind.TODO, null));
        assertEquals(List.of(a1, a2), store.list(null, "a.ts"));
        assertEquals(List.of(a2), store.list(TodoKind.FIXME, "a.ts"));
        assertEquals(List.of(), store.list(TodoKind.HACK, null));
        assertEquals(section(2, 1, 0), status());
        // a marker at the same file:line replaces the old one, counters follow; a batch's later row wins
        Todo a1Hack = new Todo("a.ts", 1, TodoKind.HACK, "changed", "bo");
        insert(new Todo("a.ts", 1, TodoKind.FIXME, "first", null), a1Hack, new Todo("c.ts", 9, TodoKind.TODO, "new", null));
        assertEquals(List.of(a1Hack, a2), store.list(null, "a.ts"));
        assertEquals(section(2, 1, 1), status());
        assertCountersMatchTable();
    }

    @Test
    void replacementFindsPlacesWithAwkwardFileNames() {
        String odd = "src/we\"ird\\dir/ü\tfile.ts";
        List<Todo> batch = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            batch.add(new Todo(i % 2 == 0 ? odd : "f" + i % 7 + ".ts", i, TodoKind.TODO, "t" + i, null));
        }
        store.insert(batch);
        db.batch().flushAndWait();
        assertEquals(section(1500, 0, 0), status());
        // the same places again, now FIXMEs: every one is a replacement, none an addition
        store.insert(batch.stream().map(t -> new Todo(t.file(), t.line(), TodoKind.FIXME, t.text(), "ana")).toList());
        db.batch().flushAndWait();
        assertEquals(section(0, 1500, 0), status());
        assertEquals(750, store.list(TodoKind.FIXME, odd).size());
        assertCountersMatchTable();
    }

    @Test
    void namedQueryList() {
        insert(new Todo("a.ts", 1, TodoKind.TODO, "x", null), new Todo("a.ts", 2, TodoKind.FIXME, "y", "ana"),
                new Todo("b.ts", 3, TodoKind.TODO, "z", null));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("file", "a.ts");
        expected.put("line", 2L);
        expected.put("kind", "FIXME");
        expected.put("text", "y");
        expected.put("author", "ana");
        assertEquals(List.of(expected), db.query("todos", "list", Map.of("kind", "FIXME")));
        assertEquals(2, db.query("todos", "list", Map.of("file", "a.ts")).size());
        assertEquals(1, db.query("todos", "list", Map.of("file", "a.ts", "kind", "TODO")).size());
        assertEquals(3, db.query("todos", "list", Map.of()).size());
        StorageException e = assertThrows(StorageException.class, () -> db.query("todos", "list", Map.of("kind", "NOTE")));
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("'kind'"), e.getMessage());
    }

    @Test
    void clearEmptiesAndResets() {
        insert(new Todo("a.ts", 1, TodoKind.TODO, "x", null), new Todo("a.ts", 2, TodoKind.HACK, "y", null));
        store.clear();
        assertEquals(section(0, 0, 0), status());
        assertEquals(List.of(), store.list(null, null));
        insert(new Todo("a.ts", 1, TodoKind.TODO, "x", null));
        assertEquals(section(1, 0, 0), status());
        assertCountersMatchTable();
    }

    private static void rejected(String field, Executable build) {
        RowRejectedException e = assertThrows(RowRejectedException.class, build);
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void badMarkersNameTheField() {
        rejected("file", () -> new Todo(null, 1, TodoKind.TODO, "x", null));
        rejected("file", () -> new Todo(" ", 1, TodoKind.TODO, "x", null));
        rejected("line", () -> new Todo("a", -1, TodoKind.TODO, "x", null));
        rejected("kind", () -> new Todo("a", 1, null, "x", null));
        rejected("text", () -> new Todo("a", 1, TodoKind.TODO, null, null));
        rejected("text", () -> new Todo("a", 1, TodoKind.TODO, "  ", null));
        rejected("kind", () -> TodoKind.parse("kind", "NOTE"));
        rejected("kind", () -> TodoKind.parse("kind", "todo"));
        assertNull(new Todo("a", 1, TodoKind.TODO, "x", " ").author(), "a blank author is no author");
    }

    @SuppressWarnings("unchecked")
    private static Todo parse(DatasetImporter<?> importer, String line) {
        return (Todo) importer.parser().parse(Fields.of(JSON.readValue(line, Map.class)));
    }

    @Test
    void importerReadsTheSample() throws Exception {
        DatasetImporter<?> importer = db.importers().get(0);
        assertEquals("todos.ndjson", importer.fileName());
        assertEquals(70, importer.order());
        assertEquals(TodoStore.MARKER, importer.type());
        // the sample shipped next to this module, read as the CLI reads it
        List<String> lines = Files.readAllLines(Path.of("sample/todos.ndjson"));
        assertEquals(10, lines.size());
        List<Todo> rows = lines.stream().map(l -> parse(importer, l)).toList();
        assertEquals(new Todo("src/api/client.ts", 42, TodoKind.TODO, "retry on 503 with backoff", "ana"), rows.get(0));
        assertNull(rows.get(2).author(), "author may be absent");
        assertNull(rows.get(4).author(), "or null");
        store.insert(rows);
        db.batch().flushAndWait();
        assertEquals(section(5, 3, 2), status());
        assertEquals(2, store.list(null, "src/ui/Table.tsx").size());

        rejected("kind", () -> parse(importer, "{\"file\":\"a\",\"line\":1,\"kind\":\"NOTE\",\"text\":\"x\"}"));
        rejected("kind", () -> parse(importer, "{\"file\":\"a\",\"line\":1,\"text\":\"x\"}"));
        rejected("file", () -> parse(importer, "{\"line\":1,\"kind\":\"TODO\",\"text\":\"x\"}"));
        rejected("line", () -> parse(importer, "{\"file\":\"a\",\"line\":\"one\",\"kind\":\"TODO\",\"text\":\"x\"}"));
        rejected("line", () -> parse(importer, "{\"file\":\"a\",\"line\":-3,\"kind\":\"TODO\",\"text\":\"x\"}"));
        rejected("text", () -> parse(importer, "{\"file\":\"a\",\"line\":1,\"kind\":\"TODO\"}"));
        rejected("author", () -> parse(importer, "{\"file\":\"a\",\"line\":1,\"kind\":\"TODO\",\"text\":\"x\",\"author\":7}"));
    }
}
