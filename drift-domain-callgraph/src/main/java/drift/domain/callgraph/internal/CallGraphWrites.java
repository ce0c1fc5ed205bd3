package drift.domain.callgraph.internal;

import drift.domain.callgraph.CallRow;
import drift.domain.callgraph.DataAccessRow;
import drift.domain.callgraph.FunctionRow;
import drift.domain.callgraph.Resolution;
import drift.storage.api.BulkInsert;
import drift.storage.api.JsonArray;
import drift.storage.api.KeyCache;
import drift.storage.api.RowRejectedException;
import drift.storage.api.ScanContext;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.WriterLocal;
import drift.storage.api.spi.Removal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The write side: batch handlers, call resolution, what a scan's removals change, clearing. Runs on the writer thread. */
public final class CallGraphWrites {
    /** Function ids to keys, per open database. */
    static final WriterLocal<KeyCache> FUNCTION_KEYS = WriterLocal.of("callgraph function keys",
            () -> new KeyCache("callgraph_function", "id", "pk", KeyCache.DEFAULT_CAPACITY));
    /** What the current scan changed that resolution depends on. */
    static final WriterLocal<Changes> CHANGES = WriterLocal.of("callgraph changes of the scan", Changes::new);

    private static final BulkInsert FUNCTION = BulkInsert.into("callgraph_function", "pk", "id", "name", "file", "start_line",
            "end_line", "language", "is_entry_point", "is_exported", "is_async");
    private static final BulkInsert CALL = BulkInsert.into("callgraph_call", "caller_pk", "target", "line");
    private static final BulkInsert DATA_ACCESS = BulkInsert.into("callgraph_data_access", "function_pk", "table_name",
            "operation", "fields", "line");
    private static final String EACH = "(SELECT value FROM json_each(?))";

    private CallGraphWrites() {
    }

    /**
     * The names and keys a scan changed: a call's resolution depends only on the functions of its name, so
     * after a rescan only the calls of these names (and the new calls) are resolved again. Kept for the one
     * scan it belongs to; a new scan starts it afresh.
     */
    static final class Changes {
        private ScanContext scan;
        final Set<String> names = new HashSet<>();
        final List<Long> removedPks = new ArrayList<>();
        long firstNewCall = Long.MAX_VALUE;

        /** The changes of the scan {@code w} writes for, or null when it writes for none or for a fresh domain. */
        static Changes of(SqlWriter w) {
            Optional<ScanContext> s = w.scan();
            if (s.isEmpty() || s.get().fresh(CallGraphDomain.ID)) {
                return null;
            }
            Changes c = w.local(CHANGES);
            if (c.scan != s.get()) {
                c.scan = s.get();
                c.names.clear();
                c.removedPks.clear();
                c.firstNewCall = Long.MAX_VALUE;
            }
            return c;
        }
    }

    /**
     * Inserts new functions; an id that exists already is refused (a rescan declares its file instead).
     * Keys are given here (the writer is the only one), so the calls that follow find them in memory.
     */
    static void writeFunctions(SqlWriter w, List<FunctionRow> rows) {
        long first = w.queryLong("SELECT coalesce(max(pk), 0) FROM callgraph_function") + 1;
        long[] next = {first};
        try {
            w.insertAll(FUNCTION, rows, (f, v) -> v.integer(next[0]++).text(f.id()).text(f.name()).text(f.file())
                    .integer(f.startLine()).integer(f.endLine()).text(f.language()).bool(f.entryPoint()).bool(f.exported())
                    .bool(f.async()));
        } catch (StorageException e) {
            throw blameDuplicate(w, rows, e);
        }
        KeyCache keys = w.local(FUNCTION_KEYS);
        for (int i = 0; i < rows.size(); i++) {
            keys.put(w, rows.get(i).id(), first + i);
        }
        Changes changes = Changes.of(w);
        if (changes != null) {
            rows.forEach(f -> changes.names.add(f.name()));
        }
        Map<String, Long> c = new HashMap<>();
        c.put("functions", (long) rows.size());
        c.put("entry_points", rows.stream().filter(FunctionRow::entryPoint).count());
        Sql.count(w, c);
    }

    /** After a failed insert: the row whose id is repeated in the batch or exists already, else the original error. */
    private static StorageException blameDuplicate(SqlWriter w, List<FunctionRow> rows, StorageException e) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Integer before = index.putIfAbsent(rows.get(i).id(), i);
            if (before != null) {
                return new RowRejectedException(i, "id", "duplicate of row " + before + " ('" + rows.get(i).id() + "')");
            }
        }
        Optional<String> existing = w.first("SELECT id FROM callgraph_function WHERE id IN " + EACH + " LIMIT 1",
                r -> r.getString(1), JsonArray.of(index.keySet()));
        return existing.<StorageException>map(id -> new RowRejectedException(index.get(id), "id", "function '" + id
                + "' exists already (in a file this scan did not declare)")).orElse(e);
    }

    /** The function key of every row; refuses the batch at the first row naming a function that does not exist. */
    private static <R> KeyCache.Keys functionKeys(SqlWriter w, List<R> rows, Function<R, String> id, String field) {
        return w.local(FUNCTION_KEYS).existing(w, rows.stream().map(id).toList(), field, "function");
    }

    static void writeCalls(SqlWriter w, List<CallRow> rows) {
        KeyCache.Keys keys = functionKeys(w, rows, CallRow::callerId, "caller_id");
        Changes changes = Changes.of(w);
        if (changes != null && changes.firstNewCall == Long.MAX_VALUE) {
            // every call from here on is new in this scan: rowids only grow past the largest one in use
            changes.firstNewCall = w.queryLong("SELECT coalesce(max(rowid), 0) + 1 FROM callgraph_call");
        }
        w.insertAll(CALL, keys.inKeyOrder(), (i, v) -> v.integer(keys.of(i)).text(rows.get(i).target()).integer(rows.get(i).line()));
        Sql.count(w, Map.of("calls", (long) rows.size()));
    }

    static void writeDataAccess(SqlWriter w, List<DataAccessRow> rows) {
        KeyCache.Keys keys = functionKeys(w, rows, DataAccessRow::functionId, "function_id");
        w.insertAll(DATA_ACCESS, keys.inKeyOrder(), (i, v) -> {
            DataAccessRow d = rows.get(i);
            v.integer(keys.of(i)).text(d.table()).text(d.operation().wire()).text(JsonArray.of(d.fields())).integer(d.line());
        });
        int flagged = w.update("UPDATE callgraph_function SET has_data_access = 1 WHERE has_data_access = 0 AND pk IN " + EACH,
                JsonArray.of(keys.distinct()));
        Sql.count(w, Map.of("data_access", (long) rows.size(), "data_accessors", (long) flagged));
    }

    /**
     * Before the engine removes a file's functions with their calls and data access: the counters follow,
     * and the scan remembers the names and keys that went, for {@link #resolvePending}.
     */
    static void beforeRemoval(SqlWriter w, Removal removal) {
        Map<String, Long> c = new HashMap<>();
        Changes changes = Changes.of(w);
        if (removal.affects("callgraph_function")) {
            w.forEach("SELECT pk, name, is_entry_point, has_data_access FROM callgraph_function WHERE "
                    + removal.where("callgraph_function"), row -> {
                        c.merge("functions", -1L, Long::sum);
                        c.merge("entry_points", -row.getLong(3), Long::sum);
                        c.merge("data_accessors", -row.getLong(4), Long::sum);
                        if (changes != null) {
                            changes.removedPks.add(row.getLong(1));
                            changes.names.add(row.getString(2));
                        }
                        return true;
                    });
        }
        if (removal.affects("callgraph_call")) {
            String calls = removal.where("callgraph_call");
            c.merge("calls", -w.queryLong("SELECT count(*) FROM callgraph_call WHERE " + calls), Long::sum);
            resolvedCounts(w, "callgraph_call.callee_pk IS NOT NULL AND " + calls).forEach((k, n) -> c.merge(k, -n, Long::sum));
            c.merge("unresolved_ambiguous", -w.queryLong("SELECT count(*) FROM callgraph_call WHERE callee_pk IS NULL "
                    + "AND candidates IS NOT NULL AND " + calls), Long::sum);
        }
        if (removal.affects("callgraph_data_access")) {
            c.merge("data_access", -w.queryLong("SELECT count(*) FROM callgraph_data_access WHERE "
                    + removal.where("callgraph_data_access")), Long::sum);
        }
        Sql.count(w, c);
    }

    /** Resolved calls matching {@code where}, by confidence, as counter keys (and their total). */
    private static Map<String, Long> resolvedCounts(SqlWriter w, String where, Object... params) {
        Map<String, Long> counts = new LinkedHashMap<>();
        long[] total = {0};
        w.forEach("SELECT confidence, count(*) FROM callgraph_call WHERE " + where + " GROUP BY confidence", row -> {
            counts.put("resolved_" + formatConfidence(row.getDouble(1)), row.getLong(2));
            total[0] += row.getLong(2);
            return true;
        }, params);
        counts.put("resolved_calls", total[0]);
        return counts;
    }

    /**
     * Resolves every call (as after a full load). The call indexes are built again afterwards rather than kept
     * current: resolution sets the callee of most calls, and each of those updates would otherwise move an
     * entry of both call indexes to a random place (resolution of the large dataset took 18× medium's for 10×
     * the calls; built again, the indexes cost one sort each).
     */
    public static Resolution resolveAll(SqlWriter w) {
        return w.withIndexesRebuilt("callgraph_call", () -> {
            Resolution r = resolve(w, null);
            // every call was looked at: the counters are set, not moved
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("resolved_0.95", r.sameFile());
            counts.put("resolved_0.8", r.unique());
            counts.put("resolved_0.4", r.ambiguous());
            counts.put("resolved_calls", r.sameFile() + r.unique() + r.ambiguous());
            counts.put("unresolved_ambiguous", r.tooAmbiguous());
            Sql.set(w, counts);
            return withUnresolved(w, r);
        });
    }

    /**
     * Resolves what the current scan can have changed: the calls it added, and every call whose name is the
     * name of a function the scan added or removed (whatever those calls were resolved to before). Nothing
     * else can resolve differently: a call's candidates are the functions of its name.
     */
    static Resolution resolvePending(SqlWriter w) {
        Changes c = Changes.of(w);
        if (c == null || c.names.isEmpty() && c.removedPks.isEmpty() && c.firstNewCall == Long.MAX_VALUE) {
            return withUnresolved(w, new Resolution(0, 0, 0, 0, 0));
        }
        w.script("CREATE TEMP TABLE IF NOT EXISTS callgraph_todo (id INTEGER PRIMARY KEY); DELETE FROM temp.callgraph_todo;");
        String names = JsonArray.of(c.names);
        if (c.firstNewCall != Long.MAX_VALUE) {
            w.update("INSERT OR IGNORE INTO temp.callgraph_todo(id) SELECT rowid FROM callgraph_call WHERE rowid >= ?", c.firstNewCall);
        }
        if (!c.removedPks.isEmpty()) {
            w.update("INSERT OR IGNORE INTO temp.callgraph_todo(id) SELECT rowid FROM callgraph_call WHERE callee_pk IN " + EACH,
                    JsonArray.of(c.removedPks));
        }
        if (!c.names.isEmpty()) {
            w.update("INSERT OR IGNORE INTO temp.callgraph_todo(id) SELECT c.rowid FROM callgraph_call c WHERE c.callee_pk IN "
                    + "(SELECT pk FROM callgraph_function WHERE name IN " + EACH + ")", names);
            w.update("INSERT OR IGNORE INTO temp.callgraph_todo(id) SELECT rowid FROM callgraph_call WHERE callee_pk IS NULL "
                    + "AND target IN " + EACH, names);
        }
        Resolution r = resolve(w, "temp.callgraph_todo");
        // the counters move by what changed among the calls looked at
        Map<String, Long> delta = new HashMap<>();
        w.forEach("SELECT old_confidence, confidence, old_callee IS NULL AND old_candidates IS NOT NULL, "
                + "callee IS NULL AND candidates IS NOT NULL FROM temp.callgraph_result WHERE old_confidence IS NOT confidence "
                + "OR (old_callee IS NULL AND old_candidates IS NOT NULL) IS NOT (callee IS NULL AND candidates IS NOT NULL)", row -> {
                    Double before = row.getDoubleOrNull("old_confidence");
                    Double after = row.getDoubleOrNull("confidence");
                    if (before != null) {
                        delta.merge("resolved_" + formatConfidence(before), -1L, Long::sum);
                        delta.merge("resolved_calls", -1L, Long::sum);
                    }
                    if (after != null) {
                        delta.merge("resolved_" + formatConfidence(after), 1L, Long::sum);
                        delta.merge("resolved_calls", 1L, Long::sum);
                    }
                    delta.merge("unresolved_ambiguous", row.getLong(4) - row.getLong(3), Long::sum);
                    return true;
                });
        Sql.count(w, delta);
        w.script("DELETE FROM temp.callgraph_todo; DELETE FROM temp.callgraph_result;");
        c.names.clear();
        c.removedPks.clear();
        c.firstNewCall = Long.MAX_VALUE;
        return withUnresolved(w, r);
    }

    /** {@link #resolvePending}, for the facade: resolves what the scan changed so far. */
    public static Resolution resolvePendingChanges(SqlWriter w) {
        return w.scan().map(s -> s.fresh(CallGraphDomain.ID)).orElse(true) ? resolveAll(w) : resolvePending(w);
    }

    private static Resolution withUnresolved(SqlWriter w, Resolution r) {
        long unresolved = w.queryLong("SELECT coalesce((SELECT value FROM callgraph_counts WHERE key = 'calls'), 0) "
                + "- coalesce((SELECT value FROM callgraph_counts WHERE key = 'resolved_calls'), 0)");
        return new Resolution(r.sameFile(), r.unique(), r.ambiguous(), r.tooAmbiguous(), unresolved);
    }

    /**
     * Resolves the calls whose rowids are in {@code todo} (a temp table; null: every call) by the rule
     * {@link Resolution} documents, in one pass: the candidates are gathered once per name and per (file,
     * name), each with the key of the function whose id sorts first; each call's answer goes to
     * {@code temp.callgraph_result} beside what it had, and only the calls whose answer changed are written.
     *
     * @return how the calls looked at are resolved now (the store-wide unresolved count is left 0)
     */
    private static Resolution resolve(SqlWriter w, String todo) {
        String only = todo == null ? "" : " WHERE c.rowid IN (SELECT id FROM " + todo + ")";
        w.script("CREATE TEMP TABLE IF NOT EXISTS callgraph_names (name TEXT PRIMARY KEY, n INTEGER NOT NULL, pk INTEGER NOT NULL) "
                + "WITHOUT ROWID; DELETE FROM temp.callgraph_names;"
                + "CREATE TEMP TABLE IF NOT EXISTS callgraph_same (file TEXT NOT NULL, name TEXT NOT NULL, pk INTEGER NOT NULL, "
                + "PRIMARY KEY (file, name)) WITHOUT ROWID; DELETE FROM temp.callgraph_same;"
                + "CREATE TEMP TABLE IF NOT EXISTS callgraph_result (id INTEGER PRIMARY KEY, old_callee INTEGER, old_confidence REAL, "
                + "old_candidates INTEGER, callee INTEGER, confidence REAL, candidates INTEGER); DELETE FROM temp.callgraph_result;");
        // (with one min() aggregate, SQLite takes the bare column pk from the row holding the minimum id)
        String names = todo == null ? "" : " WHERE name IN (SELECT c.target FROM callgraph_call c" + only + ")";
        w.update("INSERT INTO temp.callgraph_names(name, n, pk) SELECT name, n, pk FROM (SELECT name, count(*) AS n, pk, min(id) "
                + "FROM callgraph_function" + names + " GROUP BY name)");
        String pairs = todo == null ? "" : " WHERE (file, name) IN (SELECT caller.file, c.target FROM callgraph_call c "
                + "JOIN callgraph_function caller ON caller.pk = c.caller_pk" + only + ")";
        w.update("INSERT INTO temp.callgraph_same(file, name, pk) SELECT file, name, pk FROM (SELECT file, name, pk, min(id) "
                + "FROM callgraph_function" + pairs + " GROUP BY file, name)");
        int cap = Resolution.MAX_CANDIDATES;
        w.update("INSERT INTO temp.callgraph_result(id, old_callee, old_confidence, old_candidates, callee, confidence, candidates) "
                + "SELECT c.rowid, c.callee_pk, c.confidence, c.candidates, "
                + "CASE WHEN s.pk IS NOT NULL THEN s.pk WHEN n.n <= " + cap + " THEN n.pk END, "
                + "CASE WHEN s.pk IS NOT NULL THEN 0.95 WHEN n.n = 1 THEN 0.8 WHEN n.n <= " + cap + " THEN 0.4 END, "
                + "CASE WHEN s.pk IS NULL THEN n.n END "
                + "FROM callgraph_call c JOIN callgraph_function caller ON caller.pk = c.caller_pk "
                + "LEFT JOIN temp.callgraph_same s ON s.file = caller.file AND s.name = c.target "
                + "LEFT JOIN temp.callgraph_names n ON n.name = c.target" + only);
        w.update("UPDATE callgraph_call SET callee_pk = r.callee, confidence = r.confidence, candidates = r.candidates "
                + "FROM temp.callgraph_result r WHERE callgraph_call.rowid = r.id AND (r.old_callee IS NOT r.callee "
                + "OR r.old_confidence IS NOT r.confidence OR r.old_candidates IS NOT r.candidates)");
        long[] f = new long[4];
        w.forEach("SELECT count(*) FILTER (WHERE confidence = 0.95), count(*) FILTER (WHERE confidence = 0.8), "
                + "count(*) FILTER (WHERE confidence = 0.4), count(*) FILTER (WHERE callee IS NULL AND candidates IS NOT NULL) "
                + "FROM temp.callgraph_result", row -> {
                    for (int i = 0; i < 4; i++) {
                        f[i] = row.getLong(i + 1);
                    }
                    return false;
                });
        w.script("DELETE FROM temp.callgraph_names; DELETE FROM temp.callgraph_same;" + (todo == null ? " DELETE FROM temp.callgraph_result;" : ""));
        return new Resolution(f[0], f[1], f[2], f[3], 0);
    }

    static String formatConfidence(double c) {
        return c == 0.95 ? "0.95" : c == 0.8 ? "0.8" : c == 0.4 ? "0.4" : Double.toString(c);
    }

    /** Every function, call and data access goes, with the counters. */
    static void clear(SqlWriter w) {
        w.local(FUNCTION_KEYS).clear();
        w.update("DELETE FROM callgraph_data_access");
        w.update("DELETE FROM callgraph_call");
        w.update("DELETE FROM callgraph_function");
        w.update("DELETE FROM callgraph_counts");
    }

    static StorageException notFound(String what) {
        return new StorageException(StorageErrorCode.NOT_FOUND, what);
    }
}
