package drift.domain.callgraph.internal;

import drift.domain.callgraph.CallRow;
import drift.domain.callgraph.DataAccessRow;
import drift.domain.callgraph.EdgeKind;
import drift.domain.callgraph.FunctionRow;
import drift.domain.callgraph.Resolution;
import drift.domain.callgraph.TypeRow;
import drift.storage.api.BulkInsert;
import drift.storage.api.JsonArray;
import drift.storage.api.KeyCache;
import drift.storage.api.RowBinder;
import drift.storage.api.RowRejectedException;
import drift.storage.api.ScanContext;
import drift.storage.api.SqlDialect;
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
    /** Exact call targets (interned ids) to keys, per open database. */
    static final WriterLocal<KeyCache> SYMBOL_KEYS = WriterLocal.of("callgraph symbol keys",
            () -> new KeyCache("callgraph_symbol", "id", "pk", KeyCache.DEFAULT_CAPACITY));
    /** What the current scan changed that resolution depends on. */
    static final WriterLocal<Changes> CHANGES = WriterLocal.of("callgraph changes of the scan", Changes::new);

    private static final BulkInsert FUNCTION = BulkInsert.into("callgraph_function", "pk", "id", "name", "file", "start_line",
            "end_line", "language", "is_entry_point", "is_exported", "is_async", "scan_id");
    /**
     * A function a rescan reports again, written over its row (key kept). Its data access went with its file's
     * rows and comes again after it, unless a producer sent it first: the flag says what is there now.
     */
    private static final BulkInsert FUNCTION_AGAIN = FUNCTION.suffix("ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
            + "file = excluded.file, start_line = excluded.start_line, end_line = excluded.end_line, language = excluded.language, "
            + "is_entry_point = excluded.is_entry_point, is_exported = excluded.is_exported, is_async = excluded.is_async, "
            + "scan_id = excluded.scan_id, has_data_access = CASE WHEN EXISTS (SELECT 1 FROM callgraph_data_access d "
            + "WHERE d.function_pk = callgraph_function.pk) THEN 1 ELSE 0 END");
    private static final BulkInsert CALL = BulkInsert.into("callgraph_call", "caller_pk", "target", "line", "callee_sym", "kind",
            "callee_pk", "confidence");
    /** A call by name leaves the other four columns NULL: binding them would be four more JNI crossings a row. */
    private static final BulkInsert CALL_BY_NAME = BulkInsert.into("callgraph_call", "caller_pk", "target", "line");
    private static final BulkInsert SYMBOL = BulkInsert.into("callgraph_symbol", "pk", "id");
    private static final BulkInsert TYPE = BulkInsert.into("callgraph_type", "id", "file", "kind", "supertypes", "static_methods",
            "abstract_methods");
    private static final BulkInsert DATA_ACCESS = BulkInsert.into("callgraph_data_access", "function_pk", "table_name",
            "operation", "fields", "line");

    /** Integer columns of the temporary tables: SQLite's rowid alias, PostgreSQL's 64-bit integer. */
    private static String integer(SqlWriter w) {
        return w.dialect() == SqlDialect.SQLITE ? "INTEGER" : "BIGINT";
    }

    /** A 64-bit floating point column (SQLite's REAL is one; PostgreSQL's is 32 bits). */
    private static String real(SqlWriter w) {
        return w.dialect() == SqlDialect.SQLITE ? "REAL" : "DOUBLE PRECISION";
    }

    /** A temporary table of the writer's connection. */
    private static String temp(SqlWriter w, String name) {
        return w.dialect().temp(name);
    }

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
        final Set<String> newIds = new HashSet<>();
        final List<Long> removedPks = new ArrayList<>();
        long firstNewCall = Long.MAX_VALUE;

        void reset() {
            names.clear();
            newIds.clear();
            removedPks.clear();
            firstNewCall = Long.MAX_VALUE;
        }

        boolean none() {
            return names.isEmpty() && newIds.isEmpty() && removedPks.isEmpty() && firstNewCall == Long.MAX_VALUE;
        }

        /** The changes of the scan {@code w} writes for, or null when it writes for none or for a fresh domain. */
        static Changes of(SqlWriter w) {
            Optional<ScanContext> s = w.scan();
            if (s.isEmpty() || s.get().fresh(CallGraphDomain.ID)) {
                return null;
            }
            Changes c = w.local(CHANGES);
            if (c.scan != s.get()) {
                c.scan = s.get();
                c.reset();
            }
            return c;
        }
    }

    /** What is stored of a function that a rescan reports again. */
    private record Stored(long pk, String name, String file, boolean entryPoint, boolean dataAccess, Long scanId) {
    }

    /**
     * Inserts new functions. An id that exists already is written over in place (its key kept, so calls into it
     * from other files stay resolved) when the scan replaces the file that holds it; otherwise it is refused (a
     * rescan declares its file), as is an id this scan wrote already. Keys are given here (the writer is the only
     * one), so the calls that follow find them in memory.
     */
    static void writeFunctions(SqlWriter w, List<FunctionRow> rows) {
        ScanContext scan = w.scan().orElse(null);
        Map<String, Stored> stored = scan == null || scan.fresh(CallGraphDomain.ID) ? Map.of() : stored(w, rows);
        List<FunctionRow> fresh = rows;
        List<FunctionRow> again = List.of();
        if (!stored.isEmpty()) {
            fresh = new ArrayList<>(rows.size());
            again = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                FunctionRow f = rows.get(i);
                Integer before = seen.putIfAbsent(f.id(), i);
                if (before != null) {
                    // (found here, with the batch's own row numbers, rather than by the insert of a part of it)
                    throw new RowRejectedException(i, "id", "duplicate of row " + before + " ('" + f.id() + "')");
                }
                Stored old = stored.get(f.id());
                if (old == null) {
                    fresh.add(f);
                } else if (java.util.Objects.equals(old.scanId(), scan.id())) {
                    throw new RowRejectedException(i, "id", "function '" + f.id() + "' was written already by this scan (in "
                            + old.file() + ")");
                } else if (!scan.replaces(old.file())) {
                    throw new RowRejectedException(i, "id", "function '" + f.id() + "' exists already (in " + old.file()
                            + ", a file this scan did not declare)");
                } else {
                    again.add(f);
                }
            }
        }
        Long scanId = scan == null ? null : scan.id();
        Map<String, Long> c = new HashMap<>();
        Changes changes = Changes.of(w);
        KeyCache keys = w.local(FUNCTION_KEYS);
        if (!fresh.isEmpty()) {
            insertFunctions(w, fresh, scanId, keys);
            if (changes != null) {
                fresh.forEach(f -> {
                    changes.names.add(f.name());
                    changes.newIds.add(f.id());
                });
            }
            c.put("functions", (long) fresh.size());
            c.put("entry_points", fresh.stream().filter(FunctionRow::entryPoint).count());
        }
        if (!again.isEmpty()) {
            List<Long> pks = new ArrayList<>(again.size());
            long dataAccessBefore = 0;
            for (FunctionRow f : again) {
                Stored old = stored.get(f.id());
                pks.add(old.pk());
                keys.put(w, f.id(), old.pk());
                c.merge("entry_points", (f.entryPoint() ? 1L : 0L) - (old.entryPoint() ? 1L : 0L), Long::sum);
                dataAccessBefore += old.dataAccess() ? 1 : 0;
                if (changes != null && (!old.name().equals(f.name()) || !old.file().equals(f.file()))) {
                    // its candidates moved: the calls of both names are resolved again
                    changes.names.add(old.name());
                    changes.names.add(f.name());
                }
            }
            w.insertAll(FUNCTION_AGAIN, again, (f, v) -> bindFunction(f, stored.get(f.id()).pk(), scanId, v));
            long dataAccessNow = w.queryLong("SELECT count(*) FROM callgraph_function WHERE has_data_access = 1 AND pk IN "
                    + w.dialect().jsonIntegers(), JsonArray.of(pks));
            c.merge("data_accessors", dataAccessNow - dataAccessBefore, Long::sum);
        }
        Sql.count(w, c);
    }

    /** What is stored of the functions of {@code rows} that exist. */
    private static Map<String, Stored> stored(SqlWriter w, List<FunctionRow> rows) {
        Map<String, Stored> out = new HashMap<>();
        w.forEach("SELECT id, pk, name, file, is_entry_point, has_data_access, scan_id FROM callgraph_function WHERE id IN "
                + w.dialect().jsonTexts(), row -> {
                    out.put(row.getString(1), new Stored(row.getLong(2), row.getString(3), row.getString(4), row.getLong(5) != 0,
                            row.getLong(6) != 0, row.getLongOrNull("scan_id")));
                    return true;
                }, JsonArray.of(rows.stream().map(FunctionRow::id).toList()));
        return out;
    }

    private static void bindFunction(FunctionRow f, long pk, Long scanId, drift.storage.api.Values v) {
        v.integer(pk).text(f.id()).text(f.name()).text(f.file()).integer(f.startLine()).integer(f.endLine()).text(f.language())
                .bool(f.entryPoint()).bool(f.exported()).bool(f.async()).integer(scanId);
    }

    /** Inserts functions that do not exist, with keys above the largest; a repeated or existing id is refused by row. */
    private static void insertFunctions(SqlWriter w, List<FunctionRow> rows, Long scanId, KeyCache keys) {
        long first = w.queryLong("SELECT coalesce(max(pk), 0) FROM callgraph_function") + 1;
        long[] next = {first};
        RowBinder<FunctionRow> binder = (f, v) -> bindFunction(f, next[0]++, scanId, v);
        if (w.dialect() == SqlDialect.SQLITE) {
            try {
                w.insertAll(FUNCTION, rows, binder);
            } catch (StorageException e) {
                throw blameDuplicate(w, rows, e, first);
            }
        } else if (w.insertAll(FUNCTION.suffix("ON CONFLICT (id) DO NOTHING"), rows, binder) < rows.size()) {
            // a failed statement ends a PostgreSQL transaction until its savepoint: the conflict is found instead
            throw blameDuplicate(w, rows, null, first);
        }
        for (int i = 0; i < rows.size(); i++) {
            keys.put(w, rows.get(i).id(), first + i);
        }
    }

    /** After a failed insert: the row whose id is repeated in the batch or exists already, else the original error. */
    private static StorageException blameDuplicate(SqlWriter w, List<FunctionRow> rows, StorageException e, long firstNewKey) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Integer before = index.putIfAbsent(rows.get(i).id(), i);
            if (before != null) {
                return new RowRejectedException(i, "id", "duplicate of row " + before + " ('" + rows.get(i).id() + "')");
            }
        }
        // a function stored before this batch: its key is below the batch's first
        Optional<String> existing = w.first("SELECT id FROM callgraph_function WHERE id IN " + w.dialect().jsonTexts() + " AND pk < ? "
                + "ORDER BY id LIMIT 1", r -> r.getString(1), JsonArray.of(index.keySet()), firstNewKey);
        return existing.<StorageException>map(id -> new RowRejectedException(index.get(id), "id", "function '" + id
                + "' exists already (in a file this scan did not declare)")).orElse(e != null ? e
                : new StorageException(StorageErrorCode.INTERNAL, "functions were not written, and no duplicate id explains it"));
    }

    /** The function key of every row; refuses the batch at the first row naming a function that does not exist. */
    private static <R> KeyCache.Keys functionKeys(SqlWriter w, List<R> rows, Function<R, String> id, String field) {
        return w.local(FUNCTION_KEYS).existing(w, rows.stream().map(id).toList(), field, "function");
    }

    /**
     * Inserts call rows in caller key order. An exact call whose target function is known (written before it,
     * in this scan or an earlier one) is written resolved; one whose target is not stays an external call, and
     * a possible override (CHA, RTA) whose target is not is no edge and is left out: the producer wrote it for
     * a function that does not exist.
     */
    static void writeCalls(SqlWriter w, List<CallRow> rows) {
        KeyCache.Keys keys = functionKeys(w, rows, CallRow::callerId, "caller_id");
        KeyCache.Keys callees = exactTargets(w, rows);
        // only an external call keeps its target's id: a resolved one names it by key
        List<String> external = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CallRow c = rows.get(i);
            if (c.kind() != EdgeKind.NAME && !c.kind().derived() && (callees == null || !callees.has(i))) {
                external.add(c.calleeId());
            }
        }
        Map<String, Long> symbols = symbols(w, external);
        Changes changes = Changes.of(w);
        if (changes != null && changes.firstNewCall == Long.MAX_VALUE) {
            // every call from here on is new in this scan: rowids only grow past the largest one in use
            changes.firstNewCall = w.queryLong("SELECT coalesce(max(rowid), 0) + 1 FROM callgraph_call");
        }
        List<Integer> byName = new ArrayList<>(rows.size());
        List<Integer> exact = new ArrayList<>();
        long callsByName = 0;
        Map<String, Long> counts = new HashMap<>();
        for (int i : keys.inKeyOrder()) {
            CallRow c = rows.get(i);
            if (c.kind() == EdgeKind.NAME) {
                byName.add(i);
                callsByName++;
                continue;
            }
            boolean known = callees != null && callees.has(i);
            if (!known && c.kind().derived()) {
                continue;
            }
            exact.add(i);
            counts.merge("calls", 1L, Long::sum);
            counts.merge("edges:" + c.kind().wire(), 1L, Long::sum);
            // the call's resolution state, as state() reads it
            counts.merge(known ? "resolved_" + formatConfidence(c.kind().confidence()) : "external_calls", 1L, Long::sum);
        }
        if (callsByName > 0) {
            counts.merge("calls", callsByName, Long::sum);
        }
        // each list in caller key order, so that index entries land next to each other
        if (!byName.isEmpty()) {
            w.insertAll(CALL_BY_NAME, byName, (i, v) -> {
                CallRow c = rows.get(i);
                v.integer(keys.of(i)).text(c.target()).integer(c.line());
            });
        }
        if (!exact.isEmpty()) {
            w.insertAll(CALL, exact, (i, v) -> {
                CallRow c = rows.get(i);
                boolean known = callees != null && callees.has(i);
                v.integer(keys.of(i)).text(c.target()).integer(c.line()).integer(known ? null : symbols.get(c.calleeId()))
                        .text(c.kind().wire()).integer(known ? callees.of(i) : null)
                        .real(known ? c.kind().confidence() : null);
            });
        }
        Sql.count(w, counts);
    }

    /**
     * The function key of each call's exact target, where it has one and the function is stored; null for a batch
     * of calls by name only (a dataset without callee ids), which looks nothing up.
     */
    private static KeyCache.Keys exactTargets(SqlWriter w, List<CallRow> rows) {
        if (rows.stream().noneMatch(c -> c.calleeId() != null)) {
            return null;
        }
        List<String> ids = new ArrayList<>(rows.size());
        rows.forEach(c -> ids.add(c.calleeId() == null ? "" : c.calleeId()));
        return w.local(FUNCTION_KEYS).keys(w, ids);
    }

    /** The interned key of each id (the targets of external calls), new ones given keys above the largest. */
    private static Map<String, Long> symbols(SqlWriter w, List<String> targets) {
        List<String> ids = new ArrayList<>(new java.util.LinkedHashSet<>(targets));
        Map<String, Long> out = new HashMap<>(ids.size() * 2);
        if (ids.isEmpty()) {
            return out;
        }
        KeyCache cache = w.local(SYMBOL_KEYS);
        KeyCache.Keys known = cache.keys(w, ids);
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (known.has(i)) {
                out.put(ids.get(i), known.of(i));
            } else {
                fresh.add(ids.get(i));
            }
        }
        if (!fresh.isEmpty()) {
            long first = w.queryLong("SELECT coalesce(max(pk), 0) FROM callgraph_symbol") + 1;
            w.insertAll(SYMBOL, java.util.stream.IntStream.range(0, fresh.size()).boxed().toList(),
                    (i, v) -> v.integer(first + i).text(fresh.get(i)));
            for (int i = 0; i < fresh.size(); i++) {
                out.put(fresh.get(i), first + i);
                cache.put(w, fresh.get(i), first + i);
            }
        }
        return out;
    }

    /**
     * Inserts types. A type belongs to its file: a rescan of the file removes its types before the new ones come,
     * so an id stored already is in a file the scan does not replace, or was written by the scan before: refused.
     */
    static void writeTypes(SqlWriter w, List<TypeRow> rows) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Integer before = index.putIfAbsent(rows.get(i).id(), i);
            if (before != null) {
                throw new RowRejectedException(i, "id", "type '" + rows.get(i).id() + "' comes twice in one batch (also row " + before + ")");
            }
        }
        Optional<String[]> stored = w.first("SELECT id, file FROM callgraph_type WHERE id IN " + w.dialect().jsonTexts() + " ORDER BY id LIMIT 1",
                r -> new String[] {r.getString(1), r.getString(2)}, JsonArray.of(index.keySet()));
        if (stored.isPresent()) {
            String[] s = stored.get();
            throw new RowRejectedException(index.get(s[0]), "id", "type '" + s[0] + "' exists already, in " + s[1]
                    + " (a file this scan did not declare, or a type it wrote before)");
        }
        w.insertAll(TYPE, rows, (t, v) -> v.text(t.id()).text(t.file()).text(t.kind().wire()).text(Types.lines(t.supertypes()))
                .text(Types.lines(t.staticMethods())).text(Types.lines(t.abstractMethods())));
    }

    static void writeDataAccess(SqlWriter w, List<DataAccessRow> rows) {
        KeyCache.Keys keys = functionKeys(w, rows, DataAccessRow::functionId, "function_id");
        w.insertAll(DATA_ACCESS, keys.inKeyOrder(), (i, v) -> {
            DataAccessRow d = rows.get(i);
            v.integer(keys.of(i)).text(d.table()).text(d.operation().wire()).text(JsonArray.of(d.fields())).integer(d.line());
        });
        int flagged = w.update("UPDATE callgraph_function SET has_data_access = 1 WHERE has_data_access = 0 AND pk IN " + w.dialect().jsonIntegers(),
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
            if (hasExactEdges(w)) {
                // exact calls into the functions about to go keep their target's id: they become external calls,
                // resolved again if the function comes back
                String gone = "SELECT pk FROM callgraph_function WHERE " + removal.where("callgraph_function");
                // new symbols take keys above the largest, as symbols() gives them
                w.update("INSERT INTO callgraph_symbol(pk, id) SELECT (SELECT coalesce(max(pk), 0) FROM callgraph_symbol) "
                        + "+ row_number() OVER (ORDER BY f.id), f.id FROM callgraph_function f WHERE f.pk IN (" + gone
                        + ") AND EXISTS (SELECT 1 FROM callgraph_call c WHERE c.callee_pk = f.pk AND c.kind IS NOT NULL) "
                        + "AND NOT EXISTS (SELECT 1 FROM callgraph_symbol y WHERE y.id = f.id)");
                w.update("UPDATE callgraph_call SET callee_sym = (SELECT y.pk FROM callgraph_function f JOIN callgraph_symbol y ON y.id = f.id "
                        + "WHERE f.pk = callgraph_call.callee_pk) WHERE kind IS NOT NULL AND callee_sym IS NULL AND callee_pk IN (" + gone + ")");
            }
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
            // the calls go with their counters: one per kind, and one per resolution state
            w.forEach("SELECT kind, " + state(w) + ", count(*) FROM callgraph_call WHERE " + removal.where("callgraph_call")
                    + " GROUP BY 1, 2", row -> {
                        long n = row.getLong(3);
                        c.merge("calls", -n, Long::sum);
                        if (row.getString(1) != null) {
                            c.merge("edges:" + row.getString(1), -n, Long::sum);
                        }
                        if (row.getString(2) != null) {
                            c.merge(row.getString(2), -n, Long::sum);
                        }
                        return true;
                    });
        }
        if (removal.affects("callgraph_data_access")) {
            c.merge("data_access", -w.queryLong("SELECT count(*) FROM callgraph_data_access WHERE "
                    + removal.where("callgraph_data_access")), Long::sum);
        }
        Sql.count(w, c);
    }

    /**
     * A call's resolution state as a counter key, from its columns (with {@code prefix}: {@code old_} for what a
     * resolution pass found before it): {@code resolved_<confidence>}, {@code external_calls} (an exact
     * target outside the store), {@code unresolved_ambiguous} (too many candidates), or NULL (no candidate).
     */
    private static String state(SqlWriter w, String prefix, String callee, String exact) {
        return "CASE WHEN " + prefix + callee + " IS NOT NULL THEN 'resolved_' || " + confidenceText(w, prefix + "confidence") + " WHEN "
                + exact + " THEN 'external_calls' WHEN " + prefix + "candidates IS NOT NULL THEN 'unresolved_ambiguous' END";
    }

    /**
     * A confidence as text, as {@link #formatConfidence} writes it in the counters' keys ({@code 1.0}, {@code 0.95}):
     * SQLite prints a real so already; PostgreSQL prints a whole one without its {@code .0}.
     */
    private static String confidenceText(SqlWriter w, String column) {
        return w.dialect() == SqlDialect.SQLITE ? column : "CASE WHEN " + column + " = floor(" + column + ") THEN CAST(" + column
                + " AS text) || '.0' ELSE CAST(" + column + " AS text) END";
    }


    /** Whether the store holds any exact call (a producer that names targets): else exact-call upkeep is skipped. */
    private static boolean hasExactEdges(SqlWriter w) {
        return w.queryLong("SELECT CASE WHEN EXISTS (SELECT 1 FROM callgraph_counts WHERE key LIKE 'edges:%' AND value > 0) "
                + "THEN 1 ELSE 0 END") != 0;
    }

    /** {@link #state} of a row of {@code callgraph_call}. */
    private static String state(SqlWriter w) {
        return state(w, "", "callee_pk", "kind IS NOT NULL");
    }

    /** Counter keys a resolution pass sets. */
    private static final String STATE_KEYS = "key LIKE 'resolved\\_%' ESCAPE '\\' OR key IN ('external_calls', 'unresolved_ambiguous')";

    /**
     * Resolves every call (as after a full load). The call indexes are built again afterwards rather than kept
     * current: resolution sets the callee of most calls, and each of those updates would otherwise move an
     * entry of both call indexes to a random place (resolution of the large dataset took 18× medium's for 10×
     * the calls; built again, the indexes cost one sort each).
     */
    public static Resolution resolveAll(SqlWriter w) {
        return w.withIndexesRebuilt("callgraph_call", () -> {
            // exact calls were resolved when written; what is left is the external ones whose target has arrived since
            String todo = temp(w, "callgraph_todo");
            w.script("CREATE TEMP TABLE IF NOT EXISTS callgraph_todo (id " + integer(w) + " PRIMARY KEY); DELETE FROM " + todo + ";");
            w.update("INSERT INTO " + todo + "(id) SELECT c.rowid FROM callgraph_call c JOIN callgraph_symbol y ON y.pk = c.callee_sym "
                    + "JOIN callgraph_function x ON x.id = y.id WHERE c.callee_pk IS NULL AND c.callee_sym IS NOT NULL");
            if (w.queryLong("SELECT count(*) FROM " + todo) > 0) {
                resolve(w, todo);
                moveCounters(w);
                w.script("DELETE FROM " + temp(w, "callgraph_result") + ";");
            }
            w.script("DELETE FROM " + todo + ";");
            // calls by name: every one resolved again, their counters set afresh
            w.update("UPDATE callgraph_call SET callee_pk = NULL, confidence = NULL, candidates = NULL WHERE kind IS NULL "
                    + "AND (callee_pk IS NOT NULL OR candidates IS NOT NULL)");
            w.update("DELETE FROM callgraph_counts WHERE key IN ('resolved_0.95', 'resolved_0.8', 'resolved_0.4', 'unresolved_ambiguous')");
            Resolution r = byName(w);
            Map<String, Long> counts = new HashMap<>();
            counts.put("resolved_0.95", r.sameFile());
            counts.put("resolved_0.8", r.unique());
            counts.put("resolved_0.4", r.ambiguous());
            counts.put("unresolved_ambiguous", r.tooAmbiguous());
            Sql.count(w, counts);
            return withUnresolved(w, r);
        });
    }

    /** Moves the counters by what changed among the calls of {@code temp.callgraph_result}. */
    private static void moveCounters(SqlWriter w) {
        Map<String, Long> delta = new HashMap<>();
        w.forEach("SELECT " + state(w, "old_", "callee", "exact = 1") + ", " + state(w, "", "callee", "exact = 1") + ", count(*) "
                + "FROM " + temp(w, "callgraph_result") + " GROUP BY 1, 2", row -> {
                    String before = row.getString(1);
                    String after = row.getString(2);
                    if (!java.util.Objects.equals(before, after)) {
                        if (before != null) {
                            delta.merge(before, -row.getLong(3), Long::sum);
                        }
                        if (after != null) {
                            delta.merge(after, row.getLong(3), Long::sum);
                        }
                    }
                    return true;
                });
        Sql.count(w, delta);
    }

    /**
     * The function of each exact target, once per target rather than once per call: {@code temp.callgraph_targets}
     * (symbol key to function key) for the targets of the calls in {@code todo} (null: all).
     */
    private static void targets(SqlWriter w, String todo) {
        w.script("CREATE TEMP TABLE IF NOT EXISTS callgraph_targets (sym " + integer(w) + " PRIMARY KEY, pk " + integer(w)
                + " NOT NULL); DELETE FROM " + temp(w, "callgraph_targets") + ";");
        w.update("INSERT INTO " + temp(w, "callgraph_targets") + "(sym, pk) SELECT y.pk, x.pk FROM callgraph_symbol y JOIN callgraph_function x "
                + "ON x.id = y.id" + (todo == null ? "" : " WHERE y.pk IN (SELECT c.callee_sym FROM callgraph_call c WHERE c.rowid IN "
                + "(SELECT id FROM " + todo + "))"));
    }

    /** Every call by name resolved (a full pass), straight into the table. */
    private static Resolution byName(SqlWriter w) {
        Map<String, Long> counts = Sql.counters(w);
        long exact = counts.entrySet().stream().filter(e -> e.getKey().startsWith("edges:")).mapToLong(Map.Entry::getValue).sum();
        if (counts.getOrDefault("calls", 0L) - exact <= 0) {
            return new Resolution(0, 0, 0, 0, 0, 0);
        }
        candidates(w, null);
        int cap = Resolution.MAX_CANDIDATES;
        if (w.dialect() == SqlDialect.POSTGRESQL) {
            return byNameInOnePass(w, cap);
        }
        long sameFile = w.update("UPDATE callgraph_call AS c SET callee_pk = s.pk, confidence = 0.95 FROM callgraph_function AS caller, "
                + temp(w, "callgraph_same") + " AS s WHERE c.kind IS NULL AND caller.pk = c.caller_pk AND s.file = caller.file "
                + "AND s.name = c.target");
        long unique = w.update("UPDATE callgraph_call AS c SET callee_pk = n.pk, confidence = 0.8, candidates = 1 FROM " + temp(w, "callgraph_names") + " AS n "
                + "WHERE c.kind IS NULL AND c.callee_pk IS NULL AND n.name = c.target AND n.n = 1");
        long ambiguous = w.update("UPDATE callgraph_call AS c SET callee_pk = n.pk, confidence = 0.4, candidates = n.n "
                + "FROM " + temp(w, "callgraph_names") + " AS n WHERE c.kind IS NULL AND c.callee_pk IS NULL AND n.name = c.target "
                + "AND n.n BETWEEN 2 AND " + cap);
        long tooMany = w.update("UPDATE callgraph_call AS c SET candidates = n.n FROM " + temp(w, "callgraph_names") + " AS n "
                + "WHERE c.kind IS NULL AND c.callee_pk IS NULL AND n.name = c.target AND n.n > " + cap);
        w.script("DELETE FROM " + temp(w, "callgraph_names") + "; DELETE FROM " + temp(w, "callgraph_same") + ";");
        return new Resolution(sameFile, unique, ambiguous, tooMany, 0, 0);
    }

    /**
     * {@link #byName}'s four passes as one statement, for PostgreSQL: there every pass that updates a call writes a new
     * version of its row and scans the calls again, so each call's answer is found once and written once. The same
     * rule: a function of its name in the caller's file (0.95), else the only one (0.8), else up to {@code cap}
     * candidates (0.4, the id that sorts first), else none, keeping the count.
     */
    private static Resolution byNameInOnePass(SqlWriter w, int cap) {
        long[] f = new long[4];
        w.forEach("WITH r AS (SELECT c.rowid AS id, s.pk AS same, n.n, n.pk FROM callgraph_call c "
                + "JOIN callgraph_function caller ON caller.pk = c.caller_pk "
                + "LEFT JOIN " + temp(w, "callgraph_same") + " s ON s.file = caller.file AND s.name = c.target "
                + "LEFT JOIN " + temp(w, "callgraph_names") + " n ON n.name = c.target "
                + "WHERE c.kind IS NULL AND (s.pk IS NOT NULL OR n.n IS NOT NULL)), "
                + "u AS (UPDATE callgraph_call AS c SET callee_pk = CASE WHEN r.same IS NOT NULL THEN r.same WHEN r.n <= " + cap
                + " THEN r.pk END, confidence = CASE WHEN r.same IS NOT NULL THEN 0.95 WHEN r.n = 1 THEN 0.8 WHEN r.n <= " + cap
                + " THEN 0.4 END, candidates = CASE WHEN r.same IS NULL THEN r.n END FROM r WHERE c.rowid = r.id RETURNING r.same, r.n) "
                + "SELECT count(*) FILTER (WHERE same IS NOT NULL), count(*) FILTER (WHERE same IS NULL AND n = 1), "
                + "count(*) FILTER (WHERE same IS NULL AND n BETWEEN 2 AND " + cap + "), count(*) FILTER (WHERE same IS NULL AND n > "
                + cap + ") FROM u", row -> {
                    for (int k = 0; k < 4; k++) {
                        f[k] = row.getLong(k + 1);
                    }
                    return false;
                });
        w.script("DELETE FROM " + temp(w, "callgraph_names") + "; DELETE FROM " + temp(w, "callgraph_same") + ";");
        return new Resolution(f[0], f[1], f[2], f[3], 0, 0);
    }

    /** The candidates by name and by (file, name) of the calls in {@code todo} (null: all), with the key whose id sorts first. */
    private static void candidates(SqlWriter w, String todo) {
        String only = todo == null ? "" : " AND c.rowid IN (SELECT id FROM " + todo + ")";
        String namesTable = temp(w, "callgraph_names");
        String sameTable = temp(w, "callgraph_same");
        w.script("CREATE TEMP TABLE IF NOT EXISTS callgraph_names (name TEXT PRIMARY KEY, n " + integer(w) + " NOT NULL, pk " + integer(w)
                + " NOT NULL)" + w.dialect().withoutRowid() + "; DELETE FROM " + namesTable + ";"
                + "CREATE TEMP TABLE IF NOT EXISTS callgraph_same (file TEXT NOT NULL, name TEXT NOT NULL, pk " + integer(w) + " NOT NULL, "
                + "PRIMARY KEY (file, name))" + w.dialect().withoutRowid() + "; DELETE FROM " + sameTable + ";");
        String names = todo == null ? "" : " WHERE name IN (SELECT c.target FROM callgraph_call c WHERE c.kind IS NULL" + only + ")";
        String pairs = todo == null ? "" : " WHERE (file, name) IN (SELECT caller.file, c.target FROM callgraph_call c "
                + "JOIN callgraph_function caller ON caller.pk = c.caller_pk WHERE c.kind IS NULL" + only + ")";
        if (w.dialect() == SqlDialect.SQLITE) {
            // (with one min() aggregate, SQLite takes the bare column pk from the row holding the minimum id)
            w.update("INSERT INTO " + namesTable + "(name, n, pk) SELECT name, n, pk FROM (SELECT name, count(*) AS n, pk, min(id) "
                    + "FROM callgraph_function" + names + " GROUP BY name)");
            w.update("INSERT INTO " + sameTable + "(file, name, pk) SELECT file, name, pk FROM (SELECT file, name, pk, min(id) "
                    + "FROM callgraph_function" + pairs + " GROUP BY file, name)");
        } else {
            // the same rule spelled in standard SQL: the key of the function whose id sorts first, by its (unique) id
            w.update("INSERT INTO " + namesTable + "(name, n, pk) SELECT g.name, g.n, f.pk FROM (SELECT name, count(*) AS n, min(id) AS first "
                    + "FROM callgraph_function" + names + " GROUP BY name) g JOIN callgraph_function f ON f.id = g.first");
            w.update("INSERT INTO " + sameTable + "(file, name, pk) SELECT g.file, g.name, f.pk FROM (SELECT file, name, min(id) AS first "
                    + "FROM callgraph_function" + pairs + " GROUP BY file, name) g JOIN callgraph_function f ON f.id = g.first");
        }
    }

    /**
     * Resolves what the current scan can have changed: the calls it added, every call whose name is the name
     * of a function it added or removed, every call to a function it removed, and every exact call waiting
     * for a function it added. Nothing else can resolve differently: a call's candidates are the functions of
     * its name, or its exact target.
     */
    static Resolution resolvePending(SqlWriter w) {
        Changes c = Changes.of(w);
        if (c == null || c.none()) {
            return withUnresolved(w, new Resolution(0, 0, 0, 0, 0, 0));
        }
        String todo = temp(w, "callgraph_todo");
        w.script("CREATE TEMP TABLE IF NOT EXISTS callgraph_todo (id " + integer(w) + " PRIMARY KEY); DELETE FROM " + todo + ";");
        String names = JsonArray.of(c.names);
        String ignore = " ON CONFLICT DO NOTHING";
        if (c.firstNewCall != Long.MAX_VALUE) {
            w.update("INSERT INTO " + todo + "(id) SELECT rowid FROM callgraph_call WHERE rowid >= ?" + ignore, c.firstNewCall);
        }
        if (!c.removedPks.isEmpty()) {
            w.update("INSERT INTO " + todo + "(id) SELECT rowid FROM callgraph_call WHERE callee_pk IN " + w.dialect().jsonIntegers() + ignore,
                    JsonArray.of(c.removedPks));
        }
        if (!c.names.isEmpty()) {
            w.update("INSERT INTO " + todo + "(id) SELECT c.rowid FROM callgraph_call c WHERE c.callee_pk IN "
                    + "(SELECT pk FROM callgraph_function WHERE name IN " + w.dialect().jsonTexts() + ") AND c.kind IS NULL" + ignore, names);
            w.update("INSERT INTO " + todo + "(id) SELECT rowid FROM callgraph_call WHERE callee_pk IS NULL "
                    + "AND target IN " + w.dialect().jsonTexts() + " AND kind IS NULL" + ignore, names);
        }
        if (!c.newIds.isEmpty()) {
            w.update("INSERT INTO " + todo + "(id) SELECT c.rowid FROM callgraph_call c WHERE c.callee_pk IS NULL "
                    + "AND c.callee_sym IN (SELECT pk FROM callgraph_symbol WHERE id IN " + w.dialect().jsonTexts() + ")" + ignore,
                    JsonArray.of(c.newIds));
        }
        Resolution r = resolve(w, todo);
        moveCounters(w);
        w.script("DELETE FROM " + todo + "; DELETE FROM " + temp(w, "callgraph_result") + ";");
        c.reset();
        return withUnresolved(w, r);
    }

    /** {@link #resolvePending}, for the facade: resolves what the scan changed so far. */
    public static Resolution resolvePendingChanges(SqlWriter w) {
        return w.scan().map(s -> s.fresh(CallGraphDomain.ID)).orElse(true) ? resolveAll(w) : resolvePending(w);
    }

    private static Resolution withUnresolved(SqlWriter w, Resolution r) {
        Map<String, Long> counts = Sql.counters(w);
        long resolved = counts.entrySet().stream().filter(e -> e.getKey().startsWith("resolved_")).mapToLong(Map.Entry::getValue).sum();
        long external = counts.getOrDefault("external_calls", 0L);
        return new Resolution(r.sameFile(), r.unique(), r.ambiguous(), r.tooAmbiguous(), counts.getOrDefault("calls", 0L) - resolved - external,
                external);
    }

    /** The confidence of each edge kind, as SQL over a call's {@code kind}. */
    private static String kindConfidence(String kind) {
        StringBuilder sb = new StringBuilder("CASE ").append(kind);
        for (EdgeKind k : EdgeKind.values()) {
            if (k != EdgeKind.NAME) {
                sb.append(" WHEN '").append(k.wire()).append("' THEN ").append(k.confidence());
            }
        }
        return sb.append(" END").toString();
    }

    /**
     * Resolves the calls whose rowids are in {@code todo} (a temp table) in one pass: an
     * exact call to the function of its id (at its kind's confidence) or nowhere (an external call); a call by
     * name by the rule {@link Resolution} documents, the candidates gathered once per name and per (file,
     * name), each with the key of the function whose id sorts first. Each call's answer goes to
     * {@code temp.callgraph_result} beside what it had; only the calls whose answer changed are written, and
     * derived edges (CHA, RTA) whose target is gone are deleted: a full scan would not have them.
     *
     * @return how the calls looked at by name are resolved now (the store-wide unresolved count is left 0)
     */
    private static Resolution resolve(SqlWriter w, String todo) {
        String only = " AND c.rowid IN (SELECT id FROM " + todo + ")";
        String result = temp(w, "callgraph_result");
        String i = integer(w);
        w.script("CREATE TEMP TABLE IF NOT EXISTS callgraph_result (id " + i + " PRIMARY KEY, old_callee " + i + ", old_confidence "
                + real(w) + ", old_candidates " + i + ", exact " + i + " NOT NULL, derived " + i + " NOT NULL, callee " + i
                + ", confidence " + real(w) + ", candidates " + i + "); DELETE FROM " + result + ";");
        candidates(w, todo);
        targets(w, todo);
        int cap = Resolution.MAX_CANDIDATES;
        w.update("INSERT INTO " + result + "(id, old_callee, old_confidence, old_candidates, exact, derived, callee, confidence, "
                + "candidates) SELECT c.rowid, c.callee_pk, c.confidence, c.candidates, CASE WHEN c.kind IS NOT NULL THEN 1 ELSE 0 END, "
                + "CASE WHEN c.kind IN ('cha', 'rta') THEN 1 ELSE 0 END, "
                // an exact call without a symbol is resolved and its function is there (a removal gives it one)
                + "CASE WHEN c.kind IS NOT NULL THEN CASE WHEN c.callee_sym IS NULL THEN c.callee_pk ELSE x.pk END "
                + "WHEN s.pk IS NOT NULL THEN s.pk WHEN n.n <= " + cap + " THEN n.pk END, "
                + "CASE WHEN c.kind IS NOT NULL THEN CASE WHEN c.callee_sym IS NULL OR x.pk IS NOT NULL THEN " + kindConfidence("c.kind")
                + " END WHEN s.pk IS NOT NULL THEN 0.95 WHEN n.n = 1 THEN 0.8 WHEN n.n <= " + cap + " THEN 0.4 END, "
                + "CASE WHEN c.kind IS NULL AND s.pk IS NULL THEN n.n END "
                + "FROM callgraph_call c JOIN callgraph_function caller ON caller.pk = c.caller_pk "
                + "LEFT JOIN " + temp(w, "callgraph_targets") + " x ON x.sym = c.callee_sym "
                + "LEFT JOIN " + temp(w, "callgraph_same") + " s ON c.kind IS NULL AND s.file = caller.file AND s.name = c.target "
                + "LEFT JOIN " + temp(w, "callgraph_names") + " n ON c.kind IS NULL AND n.name = c.target WHERE 1 = 1" + only);
        // a possible override that no longer exists is not an edge at all
        String lost = "SELECT id FROM " + result + " WHERE derived = 1 AND callee IS NULL";
        Map<String, Long> less = new HashMap<>();
        w.forEach("SELECT kind, " + state(w) + ", count(*) FROM callgraph_call WHERE rowid IN (" + lost + ") GROUP BY 1, 2", row -> {
            less.merge("calls", -row.getLong(3), Long::sum);
            less.merge("edges:" + row.getString(1), -row.getLong(3), Long::sum);
            if (row.getString(2) != null) {
                less.merge(row.getString(2), -row.getLong(3), Long::sum);
            }
            return true;
        });
        if (!less.isEmpty()) {
            w.update("DELETE FROM callgraph_call WHERE rowid IN (" + lost + ")");
            w.update("DELETE FROM " + result + " WHERE derived = 1 AND callee IS NULL");
            Sql.count(w, less);
        }
        // a resolved exact call names its function by key; only an external one keeps the id (as a symbol)
        w.update("UPDATE callgraph_call SET callee_pk = r.callee, confidence = r.confidence, candidates = r.candidates, "
                + "callee_sym = CASE WHEN r.exact = 1 AND r.callee IS NOT NULL THEN NULL ELSE callee_sym END "
                // (the IN makes SQLite walk the few results and look each call up, not scan every call for a result)
                + "FROM " + result + " r WHERE callgraph_call.rowid IN (SELECT id FROM " + result + ") AND callgraph_call.rowid = r.id "
                + "AND (r.old_callee IS DISTINCT FROM r.callee "
                + "OR r.old_confidence IS DISTINCT FROM r.confidence OR r.old_candidates IS DISTINCT FROM r.candidates "
                + "OR r.exact = 1 AND r.callee IS NOT NULL AND callgraph_call.callee_sym IS NOT NULL)");
        long[] f = new long[4];
        w.forEach("SELECT count(*) FILTER (WHERE exact = 0 AND confidence = 0.95), count(*) FILTER (WHERE exact = 0 AND confidence = 0.8), "
                + "count(*) FILTER (WHERE exact = 0 AND confidence = 0.4), count(*) FILTER (WHERE exact = 0 AND callee IS NULL "
                + "AND candidates IS NOT NULL) FROM " + result, row -> {
                    for (int k = 0; k < 4; k++) {
                        f[k] = row.getLong(k + 1);
                    }
                    return false;
                });
        w.script("DELETE FROM " + temp(w, "callgraph_names") + "; DELETE FROM " + temp(w, "callgraph_same") + "; DELETE FROM "
                + temp(w, "callgraph_targets") + ";");
        return new Resolution(f[0], f[1], f[2], f[3], 0, 0);
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
        w.update("DELETE FROM callgraph_symbol");
        w.update("DELETE FROM callgraph_type");
        w.local(SYMBOL_KEYS).clear();
        w.update("DELETE FROM callgraph_counts");
    }

    static StorageException notFound(String what) {
        return new StorageException(StorageErrorCode.NOT_FOUND, what);
    }
}
