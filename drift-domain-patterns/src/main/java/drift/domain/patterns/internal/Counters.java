package drift.domain.patterns.internal;

import drift.storage.api.SqlReader;
import drift.storage.api.SqlWriter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The domain's counters (patterns_counts), changed by deltas in the same transaction as the rows. */
final class Counters {
    private final Map<String, Long> deltas = new HashMap<>();

    void add(String key, long delta) {
        if (delta != 0) {
            deltas.merge(key, delta, Long::sum);
        }
    }

    void apply(SqlWriter w) {
        deltas.values().removeIf(v -> v == 0);
        if (!deltas.isEmpty()) {
            w.executeEach("INSERT INTO patterns_counts(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = patterns_counts.value + excluded.value",
                    List.copyOf(deltas.entrySet()), (e, v) -> v.text(e.getKey()).integer(e.getValue()));
            // a counter back at zero goes: the store after a rescan holds what a store that never saw the rows holds
            if (deltas.values().stream().anyMatch(v -> v < 0)) {
                w.update("DELETE FROM patterns_counts WHERE value = 0");
            }
        }
    }

    static Map<String, Long> read(SqlReader r) {
        Map<String, Long> out = new HashMap<>();
        r.forEach("SELECT key, value FROM patterns_counts", row -> {
            out.put(row.getString(1), row.getLong(2));
            return true;
        });
        return out;
    }
}
