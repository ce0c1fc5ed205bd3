package drift.domain.callgraph.internal;

import drift.domain.callgraph.FieldInfo;
import drift.domain.callgraph.Operation;
import drift.domain.callgraph.Sensitivity;
import drift.storage.api.DatabaseLocal;
import drift.storage.api.SqlReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved call graph in memory, for the walks (reachability, who reaches, transitive callers and callees):
 * functions numbered in the order of their ids, so "the one whose id sorts first" is the smaller number, and
 * each function's distinct callees and callers as arrays. A walk then visits a function in nanoseconds instead
 * of a row of a level's query, and only the functions of the answer are read back by id. The data access of
 * the functions (where a who-reaches walk starts, what a reachability answer reports) is read into it too, on
 * the first question that needs it.
 *
 * <p>It is built from one read snapshot and belongs to that snapshot's {@link SqlReader#dataVersion() data
 * version}: a walk uses it only while the version it reads is the same. Building it reads every function and
 * every resolved call once, so it is built on the second walk asked at one version (a one-shot question, as
 * from the CLI, walks in SQL); {@code -Ddrift.callgraph.index=always|never} overrides that.
 */
final class GraphIndex {
    /** This database's index, shared by its readers. */
    static final DatabaseLocal<Holder> LOCAL = DatabaseLocal.of("callgraph.index", Holder::new);

    final long version;
    /** Function pk by node. */
    final long[] pk;
    final boolean[] entry;
    private final long[] sortedPk;
    private final int[] nodeOfSorted;
    final int[] outStart;
    final int[] out;
    final int[] inStart;
    final int[] in;

    private GraphIndex(long version, long[] pk, boolean[] entry, int[] outStart, int[] out, int[] inStart, int[] in) {
        this.version = version;
        this.pk = pk;
        this.entry = entry;
        this.outStart = outStart;
        this.out = out;
        this.inStart = inStart;
        this.in = in;
        Integer[] order = new Integer[pk.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(pk[a], pk[b]));
        sortedPk = new long[pk.length];
        nodeOfSorted = new int[pk.length];
        for (int i = 0; i < order.length; i++) {
            sortedPk[i] = pk[order[i]];
            nodeOfSorted[i] = order[i];
        }
    }

    /** The node of a function pk, -1 when it has none. */
    int node(long functionPk) {
        int i = Arrays.binarySearch(sortedPk, functionPk);
        return i < 0 ? -1 : nodeOfSorted[i];
    }

    int size() {
        return pk.length;
    }

    /** The part of the graph entry points reach, made on the first question that needs it. */
    private volatile EntrySide entrySide;

    /**
     * The nodes some entry point reaches (the entry points among them), and the calls among them by callee:
     * only these can be on an entry point's path, so a walk looking for the entry points that reach something
     * need go nowhere else (on medium it passes over three nodes in five, and most of their callers). Whatever a
     * marked node calls is marked too, so a walk against these calls gives every marked node the depth and
     * step it has in the whole graph.
     */
    record EntrySide(boolean[] marked, int[] inStart, int[] in) {
    }

    EntrySide entrySide() {
        EntrySide side = entrySide;
        if (side == null) {
            int n = size();
            boolean[] marked = new boolean[n];
            int[] stack = new int[n];
            int top = 0;
            for (int v = 0; v < n; v++) {
                if (entry[v]) {
                    marked[v] = true;
                    stack[top++] = v;
                }
            }
            while (top > 0) {
                int u = stack[--top];
                for (int e = outStart[u]; e < outStart[u + 1]; e++) {
                    if (!marked[out[e]]) {
                        marked[out[e]] = true;
                        stack[top++] = out[e];
                    }
                }
            }
            int[] start = new int[n + 1];
            for (int v = 0; v < n; v++) {
                int kept = 0;
                for (int e = inStart[v]; e < inStart[v + 1]; e++) {
                    if (marked[in[e]]) {
                        kept++;
                    }
                }
                start[v + 1] = start[v] + (marked[v] ? kept : 0);
            }
            int[] edges = new int[start[n]];
            for (int v = 0, at = 0; v < n; v++) {
                if (marked[v]) {
                    for (int e = inStart[v]; e < inStart[v + 1]; e++) {
                        if (marked[in[e]]) {
                            edges[at++] = in[e];
                        }
                    }
                }
            }
            entrySide = side = new EntrySide(marked, start, edges);
        }
        return side;
    }

    /** The data access of the graph's functions, read on the first question that needs it. */
    private volatile DataIndex data;

    /** A data access row of a function, as reachability reports it (its fields with their sensitivity). */
    record DataRow(String table, Operation operation, List<FieldInfo> fields, long line) {
    }

    private DataIndex data(SqlReader r) {
        DataIndex d = data;
        if (d == null) {
            synchronized (this) {
                d = data;
                if (d == null) {
                    data = d = DataIndex.read(r, this);
                }
            }
        }
        return d;
    }

    /**
     * The nodes of the functions with data access on {@code table} (and naming {@code field} among its fields,
     * unless null): where a who-reaches walk starts. The same functions as the query over
     * {@code callgraph_data_access} with {@code json_each} finds, read once for this index from {@code r}, whose
     * snapshot is this index's data version.
     */
    int[] dataStarts(SqlReader r, String table, String field) {
        DataIndex d = data(r);
        int[] nodes = (field == null ? d.byTable : d.byField).get(field == null ? table : table + '\u0000' + field);
        return nodes == null ? new int[0] : nodes;
    }

    /** The data access rows of node {@code v}, in the table's order (empty when it has none). */
    List<DataRow> dataAccess(SqlReader r, int v) {
        List<DataRow> rows = data(r).byNode[v];
        return rows == null ? List.of() : rows;
    }

    /** Start nodes by table and by table and field (key: table, NUL, field), sorted and distinct; rows by node. */
    private record DataIndex(Map<String, int[]> byTable, Map<String, int[]> byField, List<DataRow>[] byNode) {
        @SuppressWarnings("unchecked")
        static DataIndex read(SqlReader r, GraphIndex g) {
            Map<String, BitSet> tables = new HashMap<>();
            Map<String, BitSet> fields = new HashMap<>();
            List<DataRow>[] byNode = new List[g.size()];
            Map<String, List<FieldInfo>> fieldLists = new HashMap<>(); // many rows name the same fields
            long[] last = {Long.MIN_VALUE};
            // one row per text value of an access's fields (one with none when it has none), an access's rows
            // together: a field matches as the query's "value = ?" over json_each does
            String elements = r.dialect() == drift.storage.api.SqlDialect.POSTGRESQL
                    ? "LEFT JOIN LATERAL " + r.dialect().jsonElements("d.fields", "j") + " ON true"
                    : "LEFT JOIN " + r.dialect().jsonElements("d.fields", "j") + " ON j.type = 'text'";
            r.forEach("SELECT d.rowid, d.function_pk, d.table_name, d.operation, d.fields, d.line, j.value "
                    + "FROM callgraph_data_access d " + elements + " ORDER BY d.rowid", row -> {
                        int v = g.node(row.getLong(2));
                        if (v < 0) {
                            return true;
                        }
                        String table = row.getString(3);
                        if (row.getLong(1) != last[0]) {
                            last[0] = row.getLong(1);
                            tables.computeIfAbsent(table, k -> new BitSet()).set(v);
                            List<FieldInfo> info = fieldLists.computeIfAbsent(row.getString(5), json -> CallGraphReads.parseStrings(json)
                                    .stream().map(f -> new FieldInfo(f, Sensitivity.of(f).orElse(null))).toList());
                            if (byNode[v] == null) {
                                byNode[v] = new ArrayList<>(1);
                            }
                            byNode[v].add(new DataRow(table, Operation.parse("operation", row.getString(4)), info, row.getLong(6)));
                        }
                        String field = row.getString(7);
                        if (field != null) {
                            fields.computeIfAbsent(table + '\u0000' + field, k -> new BitSet()).set(v);
                        }
                        return true;
                    });
            return new DataIndex(starts(tables), starts(fields), byNode);
        }

        private static Map<String, int[]> starts(Map<String, BitSet> sets) {
            Map<String, int[]> out = new HashMap<>(sets.size() * 2);
            sets.forEach((k, bits) -> out.put(k, bits.stream().toArray()));
            return out;
        }
    }

    /** Reads the graph of {@code r}'s snapshot. */
    static GraphIndex build(SqlReader r, long version) {
        int n = (int) r.queryLong("SELECT count(*) FROM callgraph_function");
        long[] pks = new long[n];
        boolean[] entry = new boolean[n];
        int[] next = {0};
        r.forEach("SELECT pk, is_entry_point FROM callgraph_function ORDER BY id", row -> {
            if (next[0] < n) {
                pks[next[0]] = row.getLong(1);
                entry[next[0]] = row.getLong(2) != 0;
                next[0]++;
            }
            return true;
        });
        GraphIndex shell = new GraphIndex(version, pks, entry, new int[n + 1], new int[0], new int[n + 1], new int[0]);
        // callers by callee, in the order of the (callee, caller) index: repeats of a pair are adjacent
        int[][] pairs = {new int[1 << 16], new int[1 << 16]};
        int[] count = {0};
        long[] last = {-1, -1};
        r.forEach("SELECT callee_pk, caller_pk FROM callgraph_call WHERE callee_pk IS NOT NULL ORDER BY callee_pk, caller_pk", row -> {
            long callee = row.getLong(1);
            long caller = row.getLong(2);
            if (callee == last[0] && caller == last[1]) {
                return true;
            }
            last[0] = callee;
            last[1] = caller;
            int to = shell.node(callee);
            int from = shell.node(caller);
            if (to < 0 || from < 0) {
                return true;
            }
            if (count[0] == pairs[0].length) {
                pairs[0] = Arrays.copyOf(pairs[0], count[0] * 2);
                pairs[1] = Arrays.copyOf(pairs[1], count[0] * 2);
            }
            pairs[0][count[0]] = from;
            pairs[1][count[0]] = to;
            count[0]++;
            return true;
        });
        int m = count[0];
        int[] outStart = new int[n + 1];
        int[] inStart = new int[n + 1];
        for (int i = 0; i < m; i++) {
            outStart[pairs[0][i] + 1]++;
            inStart[pairs[1][i] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            outStart[i + 1] += outStart[i];
            inStart[i + 1] += inStart[i];
        }
        int[] out = new int[m];
        int[] in = new int[m];
        int[] outFill = Arrays.copyOf(outStart, n);
        int[] inFill = Arrays.copyOf(inStart, n);
        for (int i = 0; i < m; i++) {
            out[outFill[pairs[0][i]]++] = pairs[1][i];
            in[inFill[pairs[1][i]]++] = pairs[0][i];
        }
        return new GraphIndex(version, pks, entry, outStart, out, inStart, in);
    }

    /**
     * A breadth-first walk from {@code starts} (each at depth 0), along calls ({@code forward}) or against them,
     * at most {@code maxDepth} steps. Every node is reached first at its shortest distance; its step back toward
     * the starts goes to the node of the level before, among those it connects to, that comes first in id order.
     * The work is proportional to what is reached: the per-node arrays are the thread's, reused from walk to
     * walk (a node's entry counts only when stamped by this walk), so the result is valid until the thread's
     * next walk.
     */
    Walk walk(int[] starts, int maxDepth, boolean forward) {
        return walk(starts, maxDepth, forward ? outStart : inStart, forward ? out : in, null);
    }

    /** {@link #walk(int[], int, boolean)} against the calls of {@link #entrySide()}, from its marked starts only. */
    Walk walkToEntries(int[] starts, int maxDepth) {
        EntrySide side = entrySide();
        return walk(starts, maxDepth, side.inStart(), side.in(), side.marked());
    }

    private Walk walk(int[] starts, int maxDepth, int[] start, int[] edges, boolean[] keep) {
        Scratch k = scratch.get();
        if (k.reached.length < size()) {
            k = new Scratch(size());
            scratch.set(k);
        }
        int epoch = ++k.epoch;
        if (epoch == Integer.MAX_VALUE) {
            java.util.Arrays.fill(k.node, 0);
            k.epoch = epoch = 1;
        }
        // per node v: its stamp at 3v, depth at 3v + 1, step back at 3v + 2 (one cache line per visit, not three)
        int[] node = k.node;
        int[] reached = k.reached;
        int count = 0;
        for (int s : starts) {
            if (node[3 * s] != epoch && (keep == null || keep[s])) {
                node[3 * s] = epoch;
                node[3 * s + 1] = 0;
                node[3 * s + 2] = -1;
                reached[count++] = s;
            }
        }
        int levelStart = 0;
        for (int d = 1; d <= maxDepth && levelStart < count; d++) {
            int levelEnd = count;
            for (int i = levelStart; i < levelEnd; i++) {
                int u = reached[i];
                for (int e = start[u], end = start[u + 1]; e < end; e++) {
                    int v = edges[e];
                    int at = 3 * v;
                    if (node[at] != epoch) {
                        node[at] = epoch;
                        node[at + 1] = d;
                        node[at + 2] = u;
                        reached[count++] = v;
                    } else if (node[at + 1] == d && u < node[at + 2]) {
                        node[at + 2] = u;
                    }
                }
            }
            levelStart = levelEnd;
        }
        return new Walk(java.util.Arrays.copyOf(reached, count), node);
    }

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(() -> new Scratch(size()));

    /** One thread's per-node arrays for walks. */
    private static final class Scratch {
        /** Per node: the walk that last stamped it, its depth, its step back. */
        final int[] node;
        final int[] reached;
        int epoch;

        Scratch(int n) {
            node = new int[3 * n];
            reached = new int[n];
        }
    }

    /**
     * What a walk reached: the nodes in the order reached (so by depth), and per reached node its depth and the
     * node it was reached from (-1: a start). Valid until the thread's next walk.
     */
    record Walk(int[] reached, int[] node) {
        int depth(int v) {
            return node[3 * v + 1];
        }

        int from(int v) {
            return node[3 * v + 2];
        }
    }

    /** The index of one database: rebuilt when the data version moves and a walk asks twice. */
    static final class Holder {
        private GraphIndex current;
        private long askedAt = Long.MIN_VALUE;

        /** The index of {@code r}'s snapshot, or null when walks at this version go by SQL (for now). */
        synchronized GraphIndex get(SqlReader r) {
            return index(r, false);
        }

        /** Builds the index of {@code r}'s snapshot (and its data access) now, unless it is built already or walks go by SQL. */
        synchronized void prepare(SqlReader r) {
            GraphIndex g = index(r, true);
            if (g != null) {
                g.data(r);
            }
        }

        /** The index at {@code r}'s version: built when asked {@code now}, or on the second ask at a version. */
        private GraphIndex index(SqlReader r, boolean now) {
            String mode = System.getProperty("drift.callgraph.index", "auto");
            if (mode.equals("never")) {
                return null;
            }
            long v = r.dataVersion();
            if (v < 0) {
                return null;
            }
            if (current != null && current.version == v) {
                return current;
            }
            if (!now && !mode.equals("always") && askedAt != v) {
                askedAt = v;
                return null;
            }
            current = null; // the old one goes before the new one is read
            current = build(r, v);
            return current;
        }
    }
}
