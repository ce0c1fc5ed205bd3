package drift.domain.callgraph.internal;

import drift.storage.api.SqlReader;
import drift.storage.api.SqlWriter;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small SQL helpers of the call graph domain: JSON arrays for json_each, and the counters table. */
final class Sql {
    private Sql() {
    }

    /** A JSON array of strings or numbers, bound as one parameter and opened with {@code json_each}. */
    static String jsonArray(Collection<?> values) {
        StringBuilder sb = new StringBuilder(values.size() * 12 + 2).append('[');
        boolean first = true;
        for (Object v : values) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            if (v instanceof Number) {
                sb.append(v);
                continue;
            }
            String s = String.valueOf(v);
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        }
        return sb.append(']').toString();
    }

    /** Adds deltas to counters, in the caller's transaction. */
    static void count(SqlWriter w, Map<String, Long> deltas) {
        List<Map.Entry<String, Long>> nonZero = deltas.entrySet().stream().filter(e -> e.getValue() != 0).toList();
        if (!nonZero.isEmpty()) {
            w.executeEach("INSERT INTO callgraph_counts(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = value + excluded.value",
                    nonZero, (e, v) -> v.text(e.getKey()).integer(e.getValue()));
        }
    }

    /** Sets counters to values, in the caller's transaction. */
    static void set(SqlWriter w, Map<String, Long> values) {
        w.executeEach("INSERT INTO callgraph_counts(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                List.copyOf(values.entrySet()), (e, v) -> v.text(e.getKey()).integer(e.getValue()));
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
