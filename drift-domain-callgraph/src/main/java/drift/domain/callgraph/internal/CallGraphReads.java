package drift.domain.callgraph.internal;

import drift.storage.api.JsonArray;
import drift.domain.callgraph.CallSite;
import drift.domain.callgraph.EdgeKind;
import drift.domain.callgraph.EntryPath;
import drift.domain.callgraph.FieldInfo;
import drift.domain.callgraph.FunctionRow;
import drift.domain.callgraph.TypeRow;
import drift.domain.callgraph.Operation;
import drift.domain.callgraph.ReachOptions;
import drift.domain.callgraph.Reachability;
import drift.domain.callgraph.ReachedAccess;
import drift.domain.callgraph.ReachedFunction;
import drift.domain.callgraph.Sensitivity;
import drift.storage.api.Row;
import drift.storage.api.SqlReader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side. Graph walks are breadth-first, one set-based SQL query per level over the covering call
 * indexes; the only state kept is the set of functions reached, so memory follows what is reached, not
 * the size of the graph, and cycles end the walk instead of looping.
 */
public final class CallGraphReads {
    static final String FUNCTION_COLUMNS = "f.pk, f.id, f.name, f.file, f.start_line, f.end_line, f.language, "
            + "f.is_entry_point, f.is_exported, f.is_async";

    private CallGraphReads() {
    }

    static FunctionRow function(Row r) {
        return new FunctionRow(r.getString("id"), r.getString("name"), r.getString("file"), r.getLong("start_line"),
                r.getLong("end_line"), r.getString("language"), r.getBoolean("is_entry_point"), r.getBoolean("is_exported"),
                r.getBoolean("is_async"));
    }

    public static Optional<FunctionRow> byId(SqlReader r, String id) {
        return r.first("SELECT " + FUNCTION_COLUMNS + " FROM callgraph_function f WHERE f.id = ?", CallGraphReads::function, id);
    }

    public static List<FunctionRow> byName(SqlReader r, String name) {
        return r.list("SELECT " + FUNCTION_COLUMNS + " FROM callgraph_function f WHERE f.name = ? ORDER BY f.id", CallGraphReads::function, name);
    }

    public static Optional<TypeRow> typeById(SqlReader r, String id) {
        return Types.byId(r, id);
    }

    public static List<TypeRow> typesIn(SqlReader r, String file) {
        return Types.inFile(r, file);
    }

    public static List<FunctionRow> inFile(SqlReader r, String file) {
        return r.list("SELECT " + FUNCTION_COLUMNS + " FROM callgraph_function f WHERE f.file = ? ORDER BY f.id", CallGraphReads::function, file);
    }

    /** Every function of {@code file} whose lines contain {@code line}, innermost first (shortest span, then latest start, then id). */
    /**
     * Every function whose lines contain {@code file:line}, innermost first; {@code file} as stored, or as a person or
     * an agent has it in front of them ({@link FunctionNames#storedFile}: {@code src/main/java/com/acme/Users.java}
     * for the stored {@code com/acme/Users.java}).
     */
    public static List<FunctionRow> allContaining(SqlReader r, String file, long line) {
        List<FunctionRow> found = containingIn(r, file, line);
        if (found.isEmpty()) {
            String stored = FunctionNames.storedFile(r, file);
            if (!stored.equals(file)) {
                return containingIn(r, stored, line);
            }
        }
        return found;
    }

    private static List<FunctionRow> containingIn(SqlReader r, String file, long line) {
        return r.list("SELECT " + FUNCTION_COLUMNS + " FROM callgraph_function f WHERE f.file = ? AND f.start_line <= ? "
                + "AND f.end_line >= ? ORDER BY f.end_line - f.start_line, f.start_line DESC, f.id", CallGraphReads::function, file, line, line);
    }

    /**
     * The function at {@code file:line}: the innermost of those containing it (a lambda within its method, a
     * method within a class's initializer), when their lines nest. Functions whose lines contain it without
     * nesting (two constructors sharing field initializers, say) are an error that lists them: a silent pick
     * would answer for the wrong one.
     *
     * @throws StorageException INVALID_ARGUMENT naming the functions when the line is ambiguous
     */
    public static Optional<FunctionRow> containing(SqlReader r, String file, long line) {
        List<FunctionRow> all = allContaining(r, file, line);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        FunctionRow inner = all.get(0);
        for (FunctionRow other : all.subList(1, all.size())) {
            boolean nests = other.startLine() <= inner.startLine() && inner.endLine() <= other.endLine()
                    && (other.startLine() != inner.startLine() || other.endLine() != inner.endLine());
            if (!nests) {
                throw new drift.storage.api.StorageException(drift.storage.api.StorageErrorCode.INVALID_ARGUMENT, file + ":" + line
                        + " is in " + all.size() + " functions whose lines do not nest: " + all.stream().limit(10).map(FunctionRow::id)
                        .toList() + (all.size() > 10 ? "…" : "") + "; name one by its id");
            }
        }
        return Optional.of(inner);
    }

    public static List<CallSite> callers(SqlReader r, String functionId) {
        return callsInto(r, "g.id = ?", functionId);
    }

    /**
     * The calls into the functions of the type {@code typeId} (a JVM scan's) from functions outside it and its nested
     * types, by caller and line; each {@link CallSite#calleeId} is the function called.
     */
    public static List<CallSite> callsIntoType(SqlReader r, String typeId) {
        TypeRow type = Types.byId(r, typeId).orElseThrow(() -> new drift.storage.api.StorageException(
                drift.storage.api.StorageErrorCode.NOT_FOUND, "no type " + typeId));
        String own = FunctionNames.escape(typeId);
        return callsInto(r, "g.file = ? AND g.id LIKE ? ESCAPE '!' AND NOT (f.id LIKE ? ESCAPE '!' OR f.id LIKE ? ESCAPE '!')",
                type.file(), own + "#%", own + "#%", own + "$%");
    }

    /** The calls into the functions of {@code file} (as stored) from other files, by caller and line. */
    public static List<CallSite> callsIntoFile(SqlReader r, String file) {
        return callsInto(r, "g.file = ? AND f.file <> g.file", file);
    }

    private static List<CallSite> callsInto(SqlReader r, String where, Object... params) {
        return r.list("SELECT " + FUNCTION_COLUMNS + ", c.target, c.line AS call_line, c.confidence, c.kind, g.id AS callee_id "
                + "FROM callgraph_function g JOIN callgraph_call c ON c.callee_pk = g.pk JOIN callgraph_function f ON f.pk = c.caller_pk "
                + "WHERE " + where + " ORDER BY f.id, c.line, g.id, c.kind",
                row -> new CallSite(function(row), row.getString("target"), row.getLong("call_line"), row.getDoubleOrNull("confidence"),
                        kind(row.getString("kind")), row.getString("callee_id")), params);
    }

    static EdgeKind kind(String stored) {
        return stored == null ? EdgeKind.NAME : EdgeKind.parse("kind", stored);
    }

    public static List<CallSite> callees(SqlReader r, String functionId) {
        return r.list("SELECT " + FUNCTION_COLUMNS.replace("f.", "g.") + ", c.target, c.line AS call_line, c.confidence, c.kind, "
                + "CASE WHEN c.callee_pk IS NULL THEN 1 ELSE 0 END AS unresolved, y.id AS callee_id FROM callgraph_call c "
                + "LEFT JOIN callgraph_function g ON g.pk = c.callee_pk LEFT JOIN callgraph_symbol y ON y.pk = c.callee_sym "
                + "WHERE c.caller_pk = (SELECT pk FROM callgraph_function WHERE id = ?) ORDER BY c.line, c.target, y.id, g.id",
                row -> new CallSite(row.getBoolean("unresolved") ? null : function(row), row.getString("target"),
                        row.getLong("call_line"), row.getDoubleOrNull("confidence"), kind(row.getString("kind")),
                        row.getBoolean("unresolved") ? row.getString("callee_id") : row.getString("id")), functionId);
    }

    /** Everything reachable from the function {@code startId}. */
    public static Optional<Reachability> reachFrom(SqlReader r, String startId, ReachOptions o) {
        return r.first("SELECT " + FUNCTION_COLUMNS + " FROM callgraph_function f WHERE f.id = ?",
                row -> Map.entry(row.getLong("pk"), function(row)), startId).map(e -> reach(r, e.getKey(), e.getValue(), o));
    }

    /** Everything reachable from the function at {@code file:line} ({@link #containing}). */
    public static Optional<Reachability> reachFromLine(SqlReader r, String file, long line, ReachOptions o) {
        return containing(r, file, line).flatMap(f -> reachFrom(r, f.id(), o));
    }

    /**
     * Breadth-first from {@code start}, one query per level. Each function is reached first at its shortest
     * distance; among the functions of the level before that call it, its path goes through the one whose id
     * sorts first, so the answer depends on the graph alone, never on the order rows were stored in.
     */
    private static Reachability reach(SqlReader r, long start, FunctionRow startRow, ReachOptions o) {
        GraphIndex g = r.local(GraphIndex.LOCAL).get(r);
        if (g != null && g.node(start) >= 0) {
            return reachIndexed(r, g, start, startRow, o);
        }
        Map<Long, Long> parent = new HashMap<>();
        Map<Long, String> ids = new HashMap<>();
        parent.put(start, -1L);
        ids.put(start, startRow.id());
        List<Long> frontier = List.of(start);
        for (int depth = 0; depth < o.maxDepth() && !frontier.isEmpty(); depth++) {
            Map<Long, Long> level = new HashMap<>();
            r.forEach("SELECT c.caller_pk, c.callee_pk, g.id FROM callgraph_call c JOIN callgraph_function g ON g.pk = c.callee_pk "
                    + "WHERE c.caller_pk IN " + r.dialect().jsonIntegers() + " AND c.callee_pk IS NOT NULL", row -> {
                        long caller = row.getLong(1);
                        long callee = row.getLong(2);
                        if (!parent.containsKey(callee)) {
                            ids.putIfAbsent(callee, row.getString(3));
                            level.merge(callee, caller, (a, b) -> ids.get(a).compareTo(ids.get(b)) <= 0 ? a : b);
                        }
                        return true;
                    }, JsonArray.of(frontier));
            parent.putAll(level);
            frontier = new ArrayList<>(level.keySet());
        }
        List<ReachedAccess> out = new ArrayList<>();
        for (Access a : access(r, parent.keySet(), o)) {
            List<String> path = new ArrayList<>();
            for (long p = a.functionPk(); p != -1; p = parent.get(p)) {
                path.add(ids.get(p));
            }
            java.util.Collections.reverse(path);
            out.add(a.reached(ids.get(a.functionPk()), path));
        }
        out.sort(ACCESS_ORDER);
        return new Reachability(startRow, parent.size(), out);
    }

    /** A data access row of a reached function, before its path is known. */
    private record Access(long functionPk, String table, Operation operation, List<FieldInfo> fields, long line) {
        ReachedAccess reached(String functionId, List<String> path) {
            return new ReachedAccess(functionId, table, operation, fields, line, path);
        }
    }

    /** The data access of {@code functions}, filtered by the options (table, sensitive fields only). */
    private static List<Access> access(SqlReader r, java.util.Collection<Long> functions, ReachOptions o) {
        List<Access> out = new ArrayList<>();
        String sql = "SELECT function_pk, table_name, operation, fields, line FROM callgraph_data_access "
                + "WHERE function_pk IN " + r.dialect().jsonIntegers() + (o.table() == null ? "" : " AND table_name = ?");
        Object[] params = o.table() == null ? new Object[] {JsonArray.of(functions)} : new Object[] {JsonArray.of(functions), o.table()};
        r.forEach(sql, row -> {
            List<FieldInfo> fields = new ArrayList<>();
            for (String f : parseStrings(row.getString(4))) {
                fields.add(new FieldInfo(f, Sensitivity.of(f).orElse(null)));
            }
            if (!o.sensitiveOnly() || fields.stream().anyMatch(f -> f.sensitivity() != null)) {
                out.add(new Access(row.getLong(1), row.getString(2), Operation.parse("operation", row.getString(3)), fields, row.getLong(5)));
            }
            return true;
        }, params);
        return out;
    }

    /** {@link #reach} over the in-memory graph: the same answer, the walk without a query per level. */
    private static Reachability reachIndexed(SqlReader r, GraphIndex g, long start, FunctionRow startRow, ReachOptions o) {
        GraphIndex.Walk w = g.walk(new int[] {g.node(start)}, o.maxDepth(), true);
        List<Long> reached = new ArrayList<>(w.reached().length);
        for (int v : w.reached()) {
            reached.add(g.pk[v]);
        }
        List<Access> found = new ArrayList<>();
        for (int v : w.reached()) {
            for (GraphIndex.DataRow d : g.dataAccess(r, v)) {
                if ((o.table() == null || o.table().equals(d.table()))
                        && (!o.sensitiveOnly() || d.fields().stream().anyMatch(f -> f.sensitivity() != null))) {
                    found.add(new Access(g.pk[v], d.table(), d.operation(), d.fields(), d.line()));
                }
            }
        }
        java.util.Set<Integer> onPaths = new java.util.HashSet<>();
        for (Access a : found) {
            for (int v = g.node(a.functionPk()); v != -1; v = w.from(v)) {
                if (!onPaths.add(v)) {
                    break;
                }
            }
        }
        Map<Integer, String> ids = ids(r, g, onPaths);
        List<ReachedAccess> out = new ArrayList<>();
        for (Access a : found) {
            List<String> path = new ArrayList<>();
            for (int v = g.node(a.functionPk()); v != -1; v = w.from(v)) {
                path.add(ids.get(v));
            }
            java.util.Collections.reverse(path);
            out.add(a.reached(path.get(path.size() - 1), path));
        }
        out.sort(ACCESS_ORDER);
        return new Reachability(startRow, reached.size(), out);
    }

    /** The ids of some nodes of the index. */
    private static Map<Integer, String> ids(SqlReader r, GraphIndex g, java.util.Collection<Integer> nodes) {
        Map<Long, Integer> byPk = new HashMap<>();
        nodes.forEach(v -> byPk.put(g.pk[v], v));
        Map<Integer, String> out = new HashMap<>();
        r.forEach("SELECT pk, id FROM callgraph_function WHERE pk IN " + r.dialect().jsonIntegers(), row -> {
            out.put(byPk.get(row.getLong(1)), row.getString(2));
            return true;
        }, JsonArray.of(byPk.keySet()));
        return out;
    }

    /** The rows of some nodes of the index. */
    private static Map<Integer, FunctionRow> rows(SqlReader r, GraphIndex g, java.util.Collection<Integer> nodes) {
        Map<Long, Integer> byPk = new HashMap<>();
        nodes.forEach(v -> byPk.put(g.pk[v], v));
        Map<Integer, FunctionRow> out = new HashMap<>();
        r.forEach("SELECT " + FUNCTION_COLUMNS + " FROM callgraph_function f WHERE f.pk IN " + r.dialect().jsonIntegers(), row -> {
            out.put(byPk.get(row.getLong("pk")), function(row));
            return true;
        }, JsonArray.of(byPk.keySet()));
        return out;
    }

    /**
     * The functions reachable from {@code startId} along resolved calls (callees) or against them (callers), up
     * to {@code maxDepth} calls away: breadth-first, one query per level; each function's path goes through the
     * function of the level before whose id sorts first, so the answer depends on the graph alone.
     */
    public static Optional<List<ReachedFunction>> walk(SqlReader r, String startId, int maxDepth, boolean callees) {
        if (maxDepth < 1 || maxDepth > 1000) {
            throw new drift.storage.api.StorageException(drift.storage.api.StorageErrorCode.INVALID_ARGUMENT,
                    "depth must be between 1 and 1000, was " + maxDepth);
        }
        Optional<Long> start = r.first("SELECT pk FROM callgraph_function WHERE id = ?", row -> row.getLong(1), startId);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        GraphIndex g = r.local(GraphIndex.LOCAL).get(r);
        if (g != null && g.node(start.get()) >= 0) {
            return Optional.of(walkIndexed(r, g, g.node(start.get()), maxDepth, callees));
        }
        Map<Long, Long> parent = new HashMap<>();
        Map<Long, String> ids = new HashMap<>();
        Map<Long, Integer> depths = new HashMap<>();
        parent.put(start.get(), -1L);
        ids.put(start.get(), startId);
        String from = callees ? "caller_pk" : "callee_pk";
        String to = callees ? "callee_pk" : "caller_pk";
        String sql = "SELECT c." + from + ", c." + to + ", g.id FROM callgraph_call c JOIN callgraph_function g ON g.pk = c." + to
                + " WHERE c." + from + " IN " + r.dialect().jsonIntegers() + " AND c.callee_pk IS NOT NULL";
        List<Long> frontier = List.of(start.get());
        for (int depth = 1; depth <= maxDepth && !frontier.isEmpty(); depth++) {
            Map<Long, Long> level = new HashMap<>();
            r.forEach(sql, row -> {
                long near = row.getLong(1);
                long far = row.getLong(2);
                if (!parent.containsKey(far)) {
                    ids.putIfAbsent(far, row.getString(3));
                    level.merge(far, near, (a, b) -> ids.get(a).compareTo(ids.get(b)) <= 0 ? a : b);
                }
                return true;
            }, JsonArray.of(frontier));
            parent.putAll(level);
            for (Long f : level.keySet()) {
                depths.put(f, depth);
            }
            frontier = new ArrayList<>(level.keySet());
        }
        Map<Long, FunctionRow> rows = new HashMap<>();
        r.forEach("SELECT " + FUNCTION_COLUMNS + " FROM callgraph_function f WHERE f.pk IN " + r.dialect().jsonIntegers(), row -> {
            rows.put(row.getLong("pk"), function(row));
            return true;
        }, JsonArray.of(depths.keySet()));
        List<ReachedFunction> out = new ArrayList<>(depths.size());
        for (Map.Entry<Long, Integer> e : depths.entrySet()) {
            List<String> path = new ArrayList<>();
            for (long p = e.getKey(); p != -1; p = parent.get(p)) {
                path.add(ids.get(p));
            }
            if (callees) {
                java.util.Collections.reverse(path);
            }
            out.add(new ReachedFunction(rows.get(e.getKey()), e.getValue(), path));
        }
        out.sort(java.util.Comparator.comparingInt(ReachedFunction::depth).thenComparing(f -> f.function().id()));
        return Optional.of(out);
    }

    /** {@link #walk} over the in-memory graph. */
    private static List<ReachedFunction> walkIndexed(SqlReader r, GraphIndex g, int start, int maxDepth, boolean callees) {
        GraphIndex.Walk w = g.walk(new int[] {start}, maxDepth, callees);
        List<Integer> reached = new ArrayList<>();
        for (int v : w.reached()) {
            if (w.depth(v) > 0) {
                reached.add(v);
            }
        }
        java.util.Set<Integer> all = new java.util.HashSet<>(reached);
        all.add(start);
        Map<Integer, FunctionRow> rows = rows(r, g, all);
        // nodes are in id order: by depth, then node, is by depth, then id
        reached.sort(java.util.Comparator.comparingInt((Integer v) -> w.depth(v)).thenComparingInt(v -> v));
        List<ReachedFunction> out = new ArrayList<>(reached.size());
        for (int v : reached) {
            List<String> path = new ArrayList<>();
            for (int p = v; p != -1; p = w.from(p)) {
                path.add(rows.get(p).id());
            }
            if (callees) {
                java.util.Collections.reverse(path);
            }
            out.add(new ReachedFunction(rows.get(v), w.depth(v), path));
        }
        return out;
    }

    /** Reached data access by function id, line, table, operation, fields: an order of the data alone. */
    static final java.util.Comparator<ReachedAccess> ACCESS_ORDER = java.util.Comparator.comparing(ReachedAccess::functionId)
            .thenComparingLong(ReachedAccess::line).thenComparing(ReachedAccess::table).thenComparing(a -> a.operation().wire())
            .thenComparing(a -> a.fields().toString());

    /**
     * Every entry point that reaches data of {@code table} (optionally one field), with one shortest path each:
     * breadth-first from the functions that access the data, towards their callers; each function's next step
     * is the function of the level before whose id sorts first.
     */
    public static List<EntryPath> whoReaches(SqlReader r, String table, String field, int maxDepth) {
        return whoReaches(r, table, field, maxDepth, 0, Integer.MAX_VALUE).entries();
    }

    /**
     * One page of {@link #whoReaches(SqlReader, String, String, int)} (entry points by id, from {@code offset}),
     * with how many there are in all; over the in-memory graph, only the page's paths are read back by id.
     */
    public static drift.domain.callgraph.EntryPage whoReaches(SqlReader r, String table, String field, int maxDepth, int offset,
                                                              int limit) {
        GraphIndex g = r.local(GraphIndex.LOCAL).get(r);
        if (g == null) {
            List<EntryPath> all = whoReachesSql(r, table, field, maxDepth);
            int from = Math.min(offset, all.size());
            int to = (int) Math.min((long) from + limit, all.size());
            return new drift.domain.callgraph.EntryPage(all.size(), all.subList(from, to));
        }
        GraphIndex.Walk w = g.walkToEntries(g.dataStarts(r, table, field), maxDepth);
        List<Integer> entries = new ArrayList<>();
        for (int v : w.reached()) {
            if (g.entry[v]) {
                entries.add(v);
            }
        }
        entries.sort(null); // node order is id order
        int from = Math.min(offset, entries.size());
        int to = (int) Math.min((long) from + limit, entries.size());
        List<Integer> page = entries.subList(from, to);
        java.util.Set<Integer> onPaths = new java.util.HashSet<>();
        for (int e : page) {
            for (int v = e; v != -1; v = w.from(v)) {
                onPaths.add(v);
            }
        }
        Map<Integer, FunctionRow> rows = rows(r, g, page);
        Map<Integer, String> ids = ids(r, g, onPaths);
        List<EntryPath> out = new ArrayList<>(page.size());
        for (int e : page) {
            List<String> path = new ArrayList<>();
            for (int v = e; v != -1; v = w.from(v)) {
                path.add(ids.get(v));
            }
            out.add(new EntryPath(rows.get(e), path));
        }
        return new drift.domain.callgraph.EntryPage(entries.size(), out);
    }

    private static List<EntryPath> whoReachesSql(SqlReader r, String table, String field, int maxDepth) {
        Map<Long, Long> toward = new HashMap<>(); // function -> next function on the way to the data
        Map<Long, String> ids = new HashMap<>();
        List<Long> frontier = new ArrayList<>();
        r.forEach("SELECT DISTINCT d.function_pk, f.id FROM callgraph_data_access d JOIN callgraph_function f ON f.pk = d.function_pk "
                + "WHERE d.table_name = ?" + (field == null ? "" : " AND EXISTS (SELECT 1 FROM " + r.dialect().jsonElements("d.fields", "j") + " WHERE j.value = ?)"),
                row -> {
                    toward.put(row.getLong(1), -1L);
                    ids.put(row.getLong(1), row.getString(2));
                    frontier.add(row.getLong(1));
                    return true;
                }, field == null ? new Object[] {table} : new Object[] {table, field});
        List<Long> level = frontier;
        for (int depth = 0; depth < maxDepth && !level.isEmpty(); depth++) {
            Map<Long, Long> next = new HashMap<>();
            r.forEach("SELECT c.callee_pk, c.caller_pk, g.id FROM callgraph_call c JOIN callgraph_function g ON g.pk = c.caller_pk "
                    + "WHERE c.callee_pk IN " + r.dialect().jsonIntegers(), row -> {
                        long caller = row.getLong(2);
                        if (!toward.containsKey(caller)) {
                            ids.putIfAbsent(caller, row.getString(3));
                            next.merge(caller, row.getLong(1), (a, b) -> ids.get(a).compareTo(ids.get(b)) <= 0 ? a : b);
                        }
                        return true;
                    }, JsonArray.of(level));
            toward.putAll(next);
            level = new ArrayList<>(next.keySet());
        }
        List<Map.Entry<Long, FunctionRow>> entries = r.list("SELECT " + FUNCTION_COLUMNS + " FROM callgraph_function f "
                + "WHERE f.is_entry_point = 1 AND f.pk IN " + r.dialect().jsonIntegers() + " ORDER BY f.id",
                row -> Map.entry(row.getLong("pk"), function(row)), JsonArray.of(toward.keySet()));
        List<EntryPath> out = new ArrayList<>();
        for (Map.Entry<Long, FunctionRow> e : entries) {
            List<String> path = new ArrayList<>();
            for (long p = e.getKey(); p != -1; p = toward.get(p)) {
                path.add(ids.get(p));
            }
            out.add(new EntryPath(e.getValue(), path));
        }
        return out;
    }

    /** Builds the in-memory graph of {@code r}'s snapshot for the walks now (see {@link GraphIndex}). */
    public static void prepareWalks(SqlReader r) {
        r.local(GraphIndex.LOCAL).prepare(r);
    }

    /** The first {@code n} entry points by id (the benchmark's starting points). */
    public static List<String> entryPoints(SqlReader r, int n) {
        return r.list("SELECT id FROM callgraph_function WHERE is_entry_point = 1 ORDER BY id LIMIT ?", row -> row.getString(1), n);
    }

    /** Parses the JSON array of strings the write side stored. */
    static List<String> parseStrings(String json) {
        List<String> out = new ArrayList<>();
        int i = json.indexOf('[') + 1;
        while (i < json.length()) {
            int q = json.indexOf('"', i);
            if (q < 0) {
                break;
            }
            StringBuilder sb = new StringBuilder();
            int j = q + 1;
            for (; j < json.length() && json.charAt(j) != '"'; j++) {
                char c = json.charAt(j);
                if (c == '\\' && j + 1 < json.length()) {
                    char e = json.charAt(++j);
                    if (e == 'u' && j + 4 < json.length()) {
                        sb.append((char) Integer.parseInt(json.substring(j + 1, j + 5), 16));
                        j += 4;
                    } else {
                        sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                    }
                } else {
                    sb.append(c);
                }
            }
            out.add(sb.toString());
            i = j + 1;
        }
        return out;
    }

    static Map<String, Object> status(SqlReader r) {
        Map<String, Long> c = Sql.counters(r);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("functions", c.getOrDefault("functions", 0L));
        out.put("entry_points", c.getOrDefault("entry_points", 0L));
        out.put("data_accessors", c.getOrDefault("data_accessors", 0L));
        out.put("data_access", c.getOrDefault("data_access", 0L));
        out.put("calls", c.getOrDefault("calls", 0L));
        Map<String, Object> byConfidence = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (String k : List.of("0.95", "0.8", "0.4")) {
            byConfidence.put(k, 0L); // the rule's three, always shown
        }
        long resolved = 0;
        for (Map.Entry<String, Long> e : c.entrySet()) {
            if (e.getKey().startsWith("resolved_") && e.getValue() != 0) {
                byConfidence.put(e.getKey().substring("resolved_".length()), e.getValue());
                resolved += e.getValue();
            }
        }
        out.put("resolved_calls", resolved);
        out.put("resolved_by_confidence", new LinkedHashMap<>(byConfidence));
        out.put("unresolved_too_ambiguous", c.getOrDefault("unresolved_ambiguous", 0L));
        out.put("external_calls", c.getOrDefault("external_calls", 0L));
        Map<String, Object> byKind = new LinkedHashMap<>();
        long exact = 0;
        for (EdgeKind k : EdgeKind.values()) {
            if (k != EdgeKind.NAME && c.getOrDefault("edges:" + k.wire(), 0L) != 0) {
                byKind.put(k.wire(), c.get("edges:" + k.wire()));
                exact += c.get("edges:" + k.wire());
            }
        }
        long calls = c.getOrDefault("calls", 0L);
        if (calls - exact != 0) {
            byKind.put(EdgeKind.NAME.wire(), calls - exact);
        }
        out.put("calls_by_kind", byKind);
        return out;
    }

}
