package drift.domain.callgraph.internal;

import drift.storage.api.JsonArray;
import drift.domain.callgraph.CallRow;
import drift.domain.callgraph.DataAccessRow;
import drift.domain.callgraph.FunctionRow;
import drift.domain.callgraph.Resolution;
import drift.storage.api.BulkInsert;
import drift.storage.api.KeyCache;
import drift.storage.api.WriterLocal;
import drift.storage.api.RowRejectedException;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The write side: batch handlers, call resolution, replacing a file, clearing. Runs on the writer thread. */
public final class CallGraphWrites {
    /** Function ids to keys, per open database. */
    static final WriterLocal<KeyCache> FUNCTION_KEYS = WriterLocal.of("callgraph function keys",
            () -> new KeyCache("callgraph_function", "id", "pk", KeyCache.DEFAULT_CAPACITY));

    private static final BulkInsert FUNCTION = BulkInsert.into("callgraph_function", "pk", "id", "name", "file", "start_line",
            "end_line", "language", "is_entry_point", "is_exported", "is_async");
    private static final BulkInsert CALL = BulkInsert.into("callgraph_call", "caller_pk", "target", "line");
    private static final BulkInsert DATA_ACCESS = BulkInsert.into("callgraph_data_access", "function_pk", "table_name",
            "operation", "fields", "line");

    private CallGraphWrites() {
    }

    /**
     * Inserts new functions; an id that exists already is refused (a rescan replaces its file instead).
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
        Optional<String> existing = w.first("SELECT id FROM callgraph_function WHERE id IN (SELECT value FROM json_each(?)) LIMIT 1",
                r -> r.getString(1), JsonArray.of(index.keySet()));
        return existing.<StorageException>map(id -> new RowRejectedException(index.get(id), "id", "function '" + id
                + "' exists already (replace its file to rescan it)")).orElse(e);
    }

    /** The function key of every row; refuses the batch at the first row naming a function that does not exist. */
    private static <R> KeyCache.Keys functionKeys(SqlWriter w, List<R> rows, Function<R, String> id, String field) {
        return w.local(FUNCTION_KEYS).existing(w, rows.stream().map(id).toList(), field, "function");
    }

    static void writeCalls(SqlWriter w, List<CallRow> rows) {
        KeyCache.Keys keys = functionKeys(w, rows, CallRow::callerId, "caller_id");
        w.insertAll(CALL, keys.inKeyOrder(), (i, v) -> v.integer(keys.of(i)).text(rows.get(i).target()).integer(rows.get(i).line()));
        Sql.count(w, Map.of("calls", (long) rows.size()));
    }

    static void writeDataAccess(SqlWriter w, List<DataAccessRow> rows) {
        KeyCache.Keys keys = functionKeys(w, rows, DataAccessRow::functionId, "function_id");
        w.insertAll(DATA_ACCESS, keys.inKeyOrder(), (i, v) -> {
            DataAccessRow d = rows.get(i);
            v.integer(keys.of(i)).text(d.table()).text(d.operation().wire()).text(JsonArray.of(d.fields())).integer(d.line());
        });
        int flagged = w.update("UPDATE callgraph_function SET has_data_access = 1 WHERE has_data_access = 0 AND pk IN "
                + "(SELECT value FROM json_each(?))", JsonArray.of(keys.distinct()));
        Sql.count(w, Map.of("data_access", (long) rows.size(), "data_accessors", (long) flagged));
    }

    /**
     * Resolves every unresolved call. The call indexes are built again afterwards rather than kept current:
     * resolution sets the callee of most calls, and each of those updates would otherwise move an entry
     * of both call indexes to a random place (resolution of the large dataset took 18× medium's for 10×
     * the calls; built again, the indexes cost one sort each).
     */
    public static Resolution resolveAll(SqlWriter w) {
        return w.withIndexesRebuilt("callgraph_call", () -> resolve(w, null));
    }

    /**
     * Resolves calls: those targeting {@code names} are first reset (their candidates changed), then every
     * unresolved call among them (or every unresolved call at all when {@code names} is null) is
     * resolved: same file 0.95, only function of that name 0.8, one of several 0.4 (the smallest pk).
     */
    static Resolution resolve(SqlWriter w, Collection<String> names) {
        String scope = "";
        Object[] params = {};
        if (names != null) {
            if (names.isEmpty()) {
                return new Resolution(0, 0, 0, 0);
            }
            scope = " AND c.target IN (SELECT value FROM json_each(?))";
            params = new Object[] {JsonArray.of(new LinkedHashSet<>(names))};
            w.update("UPDATE callgraph_call AS c SET callee_pk = NULL, confidence = NULL WHERE c.callee_pk IS NOT NULL" + scope, params);
        }
        long sameFile = w.update("UPDATE callgraph_call AS c SET callee_pk = f.pk, confidence = 0.95 "
                + "FROM callgraph_function AS caller JOIN callgraph_function AS f ON f.file = caller.file "
                + "WHERE c.callee_pk IS NULL AND caller.pk = c.caller_pk AND f.name = c.target" + scope, params);
        // candidates by name, once: the target's only function (0.8) or the first of several (0.4)
        w.script("CREATE TEMP TABLE IF NOT EXISTS callgraph_names (name TEXT PRIMARY KEY, pk INTEGER NOT NULL, "
                + "n INTEGER NOT NULL) WITHOUT ROWID; DELETE FROM temp.callgraph_names;");
        String nameScope = names == null ? "" : " WHERE name IN (SELECT value FROM json_each(?))";
        w.update("INSERT INTO temp.callgraph_names(name, pk, n) SELECT name, min(pk), count(*) FROM callgraph_function"
                + nameScope + " GROUP BY name", params);
        long unique = w.update("UPDATE callgraph_call AS c SET callee_pk = n.pk, confidence = 0.8 "
                + "FROM temp.callgraph_names AS n WHERE c.callee_pk IS NULL AND n.name = c.target AND n.n = 1" + scope, params);
        long ambiguous = w.update("UPDATE callgraph_call AS c SET callee_pk = n.pk, confidence = 0.4 "
                + "FROM temp.callgraph_names AS n WHERE c.callee_pk IS NULL AND n.name = c.target AND n.n > 1" + scope, params);
        w.update("DELETE FROM temp.callgraph_names");
        recountResolved(w);
        long unresolved = w.queryLong("SELECT value FROM callgraph_counts WHERE key = 'calls'")
                - w.queryLong("SELECT value FROM callgraph_counts WHERE key = 'resolved_calls'");
        return new Resolution(sameFile, unique, ambiguous, unresolved);
    }

    /** Resolution rewrites many calls at once: recount the resolved ones (on the write side, once per pass). */
    private static void recountResolved(SqlWriter w) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("resolved_0.95", 0L);
        counts.put("resolved_0.8", 0L);
        counts.put("resolved_0.4", 0L);
        w.forEach("SELECT confidence, count(*) FROM callgraph_call WHERE callee_pk IS NOT NULL GROUP BY confidence", row -> {
            counts.put("resolved_" + formatConfidence(row.getDouble(1)), row.getLong(2));
            return true;
        });
        counts.put("resolved_calls", counts.values().stream().mapToLong(Long::longValue).sum());
        Sql.set(w, counts);
    }

    static String formatConfidence(double c) {
        return c == 0.95 ? "0.95" : c == 0.8 ? "0.8" : c == 0.4 ? "0.4" : Double.toString(c);
    }

    /**
     * A rescan of one file: deletes its functions with their calls and data access, inserts the new
     * ones, and re-resolves only what the change can affect. One transaction.
     */
    public static Resolution replaceFile(SqlWriter w, String file, List<FunctionRow> functions, List<CallRow> calls,
                                         List<DataAccessRow> dataAccess) {
        for (int i = 0; i < functions.size(); i++) {
            if (!functions.get(i).file().equals(file)) {
                throw new RowRejectedException(i, "file", "function '" + functions.get(i).id() + "' is in " + functions.get(i).file()
                        + ", not in the replaced file " + file);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        List<Long> old = new ArrayList<>();
        long[] entry = {0};
        List<String> oldIds = new ArrayList<>();
        w.forEach("SELECT pk, name, is_entry_point, id FROM callgraph_function WHERE file = ?", row -> {
            old.add(row.getLong(1));
            names.add(row.getString(2));
            entry[0] += row.getLong(3);
            oldIds.add(row.getString(4));
            return true;
        }, file);
        if (!old.isEmpty()) {
            String pks = JsonArray.of(old);
            Map<String, Long> c = new HashMap<>();
            c.put("functions", -(long) old.size());
            c.put("entry_points", -entry[0]);
            c.put("calls", -w.queryLong("SELECT count(*) FROM callgraph_call WHERE caller_pk IN (SELECT value FROM json_each(?))", pks));
            c.put("data_access", -w.queryLong("SELECT count(*) FROM callgraph_data_access WHERE function_pk IN (SELECT value FROM json_each(?))", pks));
            c.put("data_accessors", -w.queryLong("SELECT count(*) FROM callgraph_function WHERE has_data_access = 1 AND file = ?", file));
            // calls elsewhere that pointed into this file become unresolved; their names are re-resolved below
            w.update("UPDATE callgraph_call SET callee_pk = NULL, confidence = NULL WHERE callee_pk IN (SELECT value FROM json_each(?))", pks);
            w.update("DELETE FROM callgraph_call WHERE caller_pk IN (SELECT value FROM json_each(?))", pks);
            w.update("DELETE FROM callgraph_data_access WHERE function_pk IN (SELECT value FROM json_each(?))", pks);
            w.update("DELETE FROM callgraph_function WHERE file = ?", file);
            KeyCache keys = w.local(FUNCTION_KEYS);
            oldIds.forEach(keys::remove);
            Sql.count(w, c);
        }
        if (!functions.isEmpty()) {
            writeFunctions(w, functions);
        }
        if (!calls.isEmpty()) {
            writeCalls(w, calls);
        }
        if (!dataAccess.isEmpty()) {
            writeDataAccess(w, dataAccess);
        }
        functions.forEach(f -> names.add(f.name()));
        // the new file's own calls, and every call whose candidates changed
        calls.forEach(c -> names.add(c.target()));
        return resolve(w, names);
    }

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
