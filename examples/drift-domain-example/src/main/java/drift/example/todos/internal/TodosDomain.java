package drift.example.todos.internal;

import drift.example.todos.Todo;
import drift.example.todos.TodoKind;
import drift.example.todos.TodoStore;
import drift.storage.api.BulkInsert;
import drift.storage.api.JsonArray;
import drift.storage.api.RowRejectedException;
import drift.storage.api.SqlDialect;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.DatasetImporter;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.RowFiles;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.TableScope;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TODO markers: everything a domain contributes, in one small class: a migration, a row type with its
 * batch handler, an importer (todos.ndjson, order 70), a status section, clearing and a named query.
 */
public final class TodosDomain implements StorageDomain {
    /** After the built-in domains' files (10 to 60): nothing refers to markers. */
    static final int IMPORT_ORDER = 70;

    private static final BulkInsert UPSERT = BulkInsert.into("todos_marker", "file", "line", "kind", "text", "author")
            .suffix("ON CONFLICT(file, line) DO UPDATE SET kind = excluded.kind, text = excluded.text, author = excluded.author");
    private static final BulkInsert COUNT = BulkInsert.into("todos_counts", "key", "value")
            .suffix("ON CONFLICT(key) DO UPDATE SET value = todos_counts.value + excluded.value");

    @Override
    public String id() {
        return TodoStore.DOMAIN;
    }

    @Override
    public String description() {
        return "example drop-in domain: TODO/FIXME/HACK markers in code";
    }

    @Override
    public void contribute(DomainRegistrar r) {
        // one folder of migrations per SQL dialect: sqlite/ and postgresql/
        r.migration(Migration.load(getClass()::getResourceAsStream, 1, "markers and their counters",
                r.dialect().folder() + "/V1__todos.sql"));
        r.rows(TodoStore.MARKER, TodosDomain::write);
        // a marker belongs to its file: the engine removes and replaces them when a scan rescans the file;
        // the hook keeps the counters in step with what it removes
        r.scope(TableScope.file("todos_marker", "file"));
        r.beforeRemoval((w, removal) -> {
            Map<String, Long> delta = new HashMap<>();
            w.forEach("SELECT kind, count(*) FROM todos_marker WHERE " + removal.where("todos_marker") + " GROUP BY kind", row -> {
                delta.put(row.getString(1), -row.getLong(2));
                return true;
            });
            count(w, delta);
        });
        r.importer(new DatasetImporter<>("todos.ndjson", IMPORT_ORDER, TodoStore.MARKER, f -> {
            String file = f.string("file");
            long line = f.integer("line");
            TodoKind kind = TodoKind.parse("kind", f.string("kind"));
            return new Todo(file, line, kind, f.string("text"), f.optString("author"));
        }, RowFiles.file("file", Todo::file)));
        r.status(TodoReads::status);
        r.clear(w -> {
            w.update("DELETE FROM todos_marker");
            w.update("DELETE FROM todos_counts");
        });
        r.query(new NamedQuery("list", "markers by file and line (kind: TODO, FIXME or HACK; file: exact path)", List.of("kind", "file"),
                (reader, a) -> TodoReads.list(reader, kind(a.get("kind")), a.get("file")).stream().map(TodosDomain::map).toList()));
    }

    private static TodoKind kind(String value) {
        try {
            return value == null ? null : TodoKind.parse("kind", value);
        } catch (RowRejectedException e) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "argument 'kind' " + e.reason());
        }
    }

    private static Map<String, Object> map(Todo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", t.file());
        m.put("line", t.line());
        m.put("kind", t.kind().name());
        m.put("text", t.text());
        m.put("author", t.author());
        return m;
    }

    private record Place(String file, long line) {
    }

    /**
     * Upserts the batch with one multi-row statement and moves the counters by what it replaced: the
     * kinds of the markers already at the batch's places are read first, in one statement over one bound
     * JSON array of [file, line] pairs (a primary-key lookup per pair), so the cost follows the batch, not
     * the table.
     */
    static void write(SqlWriter w, List<Todo> rows) {
        Map<Place, Todo> byPlace = new LinkedHashMap<>();
        rows.forEach(t -> byPlace.put(new Place(t.file(), t.line()), t));
        StringBuilder places = new StringBuilder("[");
        byPlace.keySet().forEach(p -> places.append(places.length() > 1 ? "," : "").append(JsonArray.of(List.of(p.file(), p.line()))));
        Map<String, Long> delta = new HashMap<>();
        // where the engines' JSON functions differ, the domain asks which SQL it speaks
        String pairs = w.dialect() == SqlDialect.POSTGRESQL
                ? "jsonb_array_elements(CAST(? AS jsonb)) p JOIN todos_marker m ON m.file = p.value->>0 AND m.line = CAST(p.value->>1 AS bigint)"
                : "json_each(?) p JOIN todos_marker m ON m.file = json_extract(p.value, '$[0]') AND m.line = json_extract(p.value, '$[1]')";
        w.forEach("SELECT m.kind, count(*) FROM " + pairs + " GROUP BY m.kind", row -> {
                    delta.merge(row.getString(1), -row.getLong(2), Long::sum);
                    return true;
                }, places.append(']').toString());
        byPlace.values().forEach(t -> delta.merge(t.kind().name(), 1L, Long::sum));
        w.insertAll(UPSERT, byPlace.values(), (t, v) -> v.text(t.file()).integer(t.line()).text(t.kind().name()).text(t.text())
                .text(t.author()));
        count(w, delta);
    }

    private static void count(SqlWriter w, Map<String, Long> delta) {
        List<Map.Entry<String, Long>> changed = delta.entrySet().stream().filter(e -> e.getValue() != 0).toList();
        if (!changed.isEmpty()) {
            w.insertAll(COUNT, changed, (e, v) -> v.text(e.getKey()).integer(e.getValue()));
            // a kind with no marker left has no counter: as in a store that never saw it
            w.update("DELETE FROM todos_counts WHERE value = 0");
        }
    }
}
