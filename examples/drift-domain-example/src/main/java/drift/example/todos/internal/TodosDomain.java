package drift.example.todos.internal;

import drift.example.todos.Todo;
import drift.storage.api.BulkInsert;
import drift.storage.api.SqlWriter;
import drift.storage.api.spi.DatasetImporter;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.StorageDomain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TODO markers: one table, a row type, an importer, a status section, a query. Everything a domain needs. */
public final class TodosDomain implements StorageDomain {
    private static final BulkInsert UPSERT = BulkInsert.into("todos_marker", "file", "line", "kind", "text", "author")
            .verb("INSERT OR REPLACE");

    @Override
    public String id() {
        return "todos";
    }

    @Override
    public String description() {
        return "example drop-in domain: TODO/FIXME/HACK markers in code";
    }

    @Override
    public void contribute(DomainRegistrar r) {
        r.migration(Migration.load(getClass()::getResourceAsStream, 1, "markers", "V1__todos.sql"));
        r.rows(Todo.TYPE, TodosDomain::write);
        r.importer(new DatasetImporter<>("todos.ndjson", 70, Todo.TYPE, f -> new Todo(f.string("file"), f.integer("line"),
                f.string("kind"), f.optString("text") == null ? "" : f.optString("text"), f.optString("author"))));
        r.status(reader -> {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> byKind = new LinkedHashMap<>();
            long[] total = {0};
            reader.forEach("SELECT key, value FROM todos_counts ORDER BY key", row -> {
                byKind.put(row.getString(1), row.getLong(2));
                total[0] += row.getLong(2);
                return true;
            });
            m.put("markers", total[0]);
            m.put("by_kind", byKind);
            return m;
        });
        r.clear(w -> {
            w.update("DELETE FROM todos_marker");
            w.update("DELETE FROM todos_counts");
        });
        r.query(new NamedQuery("list", "markers, optionally of one kind or file", List.of("kind", "file"), (reader, a) -> {
            List<Object> params = new ArrayList<>();
            StringBuilder sql = new StringBuilder("SELECT file, line, kind, text, author FROM todos_marker WHERE 1 = 1");
            if (a.get("kind") != null) {
                sql.append(" AND kind = ?");
                params.add(a.get("kind"));
            }
            if (a.get("file") != null) {
                sql.append(" AND file = ?");
                params.add(a.get("file"));
            }
            return reader.list(sql + " ORDER BY file, line", row -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", row.getString("file"));
                m.put("line", row.getLong("line"));
                m.put("kind", row.getString("kind"));
                m.put("text", row.getString("text"));
                m.put("author", row.getString("author"));
                return m;
            }, params.toArray());
        }));
    }

    private static void write(SqlWriter w, List<Todo> rows) {
        w.insertAll(UPSERT, rows, (t, v) -> v.text(t.file()).integer(t.line()).text(t.kind()).text(t.text()).text(t.author()));
        // markers are keyed by file:line, so recount the kinds (a small table; an example, not a hot path)
        w.update("DELETE FROM todos_counts");
        w.update("INSERT INTO todos_counts(key, value) SELECT kind, count(*) FROM todos_marker GROUP BY kind");
    }
}
