package drift.example.todos.internal;

import drift.example.todos.Todo;
import drift.example.todos.TodoKind;
import drift.storage.api.SqlReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read side: markers by kind and file (kind index, file primary key), the status section. */
public final class TodoReads {
    private TodoReads() {
    }

    /** Markers by file and line; null filters match anything. */
    public static List<Todo> list(SqlReader r, TodoKind kind, String file) {
        StringBuilder sql = new StringBuilder("SELECT file, line, kind, text, author FROM todos_marker WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (kind != null) {
            sql.append(" AND kind = ?");
            params.add(kind.name());
        }
        if (file != null) {
            sql.append(" AND file = ?");
            params.add(file);
        }
        return r.list(sql.append(" ORDER BY file, line").toString(), row -> new Todo(row.getString(1), row.getLong(2),
                TodoKind.parse("kind", row.getString(3)), row.getString(4), row.getString(5)), params.toArray());
    }

    /** Counts by kind and the total, from the counters only (the same cost at any size). */
    static Map<String, Object> status(SqlReader r) {
        Map<String, Long> counts = new LinkedHashMap<>();
        r.forEach("SELECT key, value FROM todos_counts", row -> {
            counts.put(row.getString(1), row.getLong(2));
            return true;
        });
        Map<String, Object> byKind = new LinkedHashMap<>();
        long total = 0;
        for (TodoKind k : TodoKind.values()) {
            long n = counts.getOrDefault(k.name(), 0L);
            byKind.put(k.name(), n);
            total += n;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("markers", total);
        out.put("by_kind", byKind);
        return out;
    }
}
