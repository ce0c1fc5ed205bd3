package drift.domain.callgraph.internal;

import drift.storage.api.SqlReader;
import drift.storage.api.SqlWriter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The call graph domain's counters table. */
final class Sql {
    private Sql() {
    }

    /** Adds deltas to counters, in the caller's transaction. */
    static void count(SqlWriter w, Map<String, Long> deltas) {
        List<Map.Entry<String, Long>> nonZero = deltas.entrySet().stream().filter(e -> e.getValue() != 0).toList();
        if (!nonZero.isEmpty()) {
            w.executeEach("INSERT INTO callgraph_counts(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = callgraph_counts.value + excluded.value",
                    nonZero, (e, v) -> v.text(e.getKey()).integer(e.getValue()));
            if (nonZero.stream().anyMatch(e -> e.getValue() < 0)) {
                dropZeros(w);
            }
        }
    }

    /** A counter back at zero goes: the store after a rescan holds what a store that never saw the rows holds. */
    private static void dropZeros(SqlWriter w) {
        w.update("DELETE FROM callgraph_counts WHERE value = 0");
    }

    /** Sets counters to values, in the caller's transaction. */
    static void set(SqlWriter w, Map<String, Long> values) {
        w.executeEach("INSERT INTO callgraph_counts(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                List.copyOf(values.entrySet()), (e, v) -> v.text(e.getKey()).integer(e.getValue()));
        if (values.containsValue(0L)) {
            dropZeros(w);
        }
    }

    static Map<String, Long> counters(SqlReader r) {
        Map<String, Long> out = new HashMap<>();
        r.forEach("SELECT key, value FROM callgraph_counts", row -> {
            out.put(row.getString(1), row.getLong(2));
            return true;
        });
        return out;
    }
}
