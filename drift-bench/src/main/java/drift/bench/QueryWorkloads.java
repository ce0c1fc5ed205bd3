package drift.bench;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.EntryPath;
import drift.domain.callgraph.ReachOptions;
import drift.domain.callgraph.Reachability;
import drift.domain.patterns.Category;
import drift.domain.patterns.PatternQuery;
import drift.domain.patterns.PatternStatus;
import drift.domain.patterns.PatternStore;
import drift.storage.api.DatabaseManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/** The read workloads W4 and W7–W9, through the domains' facades, on the medium store. */
final class QueryWorkloads {
    private static final int W4_RUNS = 200;

    private QueryWorkloads() {
    }

    private static double[] warmAndTime(int n, IntConsumer q) {
        BenchMain.timeEach(Math.max(20, n / 10), q);
        return BenchMain.timeEach(n, q);
    }

    static List<Result> w4(DatabaseManager db) {
        PatternStore p = PatternStore.of(db);
        String file = db.read(r -> r.first("SELECT file FROM patterns_location GROUP BY file ORDER BY count(*) DESC, file LIMIT 1",
                row -> row.getString(1))).orElseThrow();
        List<Result> out = new ArrayList<>();
        int[] n = new int[1];
        PatternQuery a = PatternQuery.builder().category(Category.API).status(PatternStatus.APPROVED).minConfidence(0.8).limit(50).build();
        out.add(Result.of("W4a", warmAndTime(W4_RUNS, i -> n[0] = p.queryPatterns(a).patterns().size()),
                "category=api status=approved confidence>=0.8 top 50 by confidence: " + n[0] + " rows"));
        PatternQuery b = PatternQuery.builder().limit(20).build();
        out.add(Result.of("W4b", warmAndTime(W4_RUNS, i -> n[0] = p.searchPatterns("auth token", b).size()),
                "full text \"auth token\" top 20 by relevance: " + n[0] + " rows"));
        PatternQuery c = PatternQuery.builder().status(PatternStatus.DISCOVERED).minConfidence(0.5).limit(50).build();
        out.add(Result.of("W4c", warmAndTime(W4_RUNS, i -> n[0] = p.searchPatterns("retry cache", c).size()),
                "full text \"retry cache\" status=discovered confidence>=0.5 top 50: " + n[0] + " rows"));
        PatternQuery d = PatternQuery.builder().file(file).limit(1000).build();
        out.add(Result.of("W4d", warmAndTime(W4_RUNS, i -> n[0] = p.queryPatterns(d).patterns().size()),
                "patterns with a location in " + file + ": " + n[0] + " rows"));
        PatternQuery e = PatternQuery.builder().category(Category.SECURITY).limit(20).offset(9 * 20).build();
        out.add(Result.of("W4e", warmAndTime(W4_RUNS, i -> n[0] = p.queryPatterns(e).patterns().size()),
                "category=security page 10 of 20 (offset 180): " + n[0] + " rows"));
        return out;
    }

    static Result w7(DatabaseManager db) {
        CallGraphStore cg = CallGraphStore.of(db);
        List<String> entries = cg.entryPoints(100);
        long[] functions = {0};
        long[] access = {0};
        ReachOptions o = new ReachOptions(100, null, false);
        BenchMain.timeEach(entries.size(), i -> cg.getReachableDataFrom(entries.get(i), o)); // warm-up
        BenchMain.resetPeakHeap();
        long base = BenchMain.peakHeap();
        double[] ms = BenchMain.timeEach(entries.size(), i -> {
            Reachability r = cg.getReachableDataFrom(entries.get(i), o).orElseThrow();
            functions[0] += r.reachedFunctions();
            access[0] += r.access().size();
        });
        long peak = BenchMain.peakHeap() - base;
        return Result.of("W7", ms, String.format(Locale.ROOT, "%d entry points, depth<=100: mean %.1f reachable functions, "
                + "%.1f data access; peak heap above baseline %d MB", entries.size(), functions[0] / (double) entries.size(),
                access[0] / (double) entries.size(), Math.max(0, peak) / (1024 * 1024)));
    }

    static Result w8(DatabaseManager db) {
        CallGraphStore cg = CallGraphStore.of(db);
        List<String> ids = db.read(r -> r.list("SELECT id FROM callgraph_function ORDER BY id", row -> row.getString(1)));
        List<String> every50 = new ArrayList<>();
        for (int i = 0; i < ids.size() && every50.size() < 1000; i += 50) {
            every50.add(ids.get(i));
        }
        long[] callers = {0};
        BenchMain.timeEach(every50.size(), i -> cg.getCallers(every50.get(i)));
        double[] ms = BenchMain.timeEach(every50.size(), i -> callers[0] += cg.getCallers(every50.get(i)).size());
        return Result.of("W8", ms, String.format(Locale.ROOT, "%d functions (every 50th by id): mean %.2f callers",
                every50.size(), callers[0] / (double) every50.size()));
    }

    static Result w9(DatabaseManager db) {
        CallGraphStore cg = CallGraphStore.of(db);
        int[] n = {0};
        double[] warm = BenchMain.timeEach(3, i -> cg.whoReaches("patients", "ssn"));
        double[] ms = BenchMain.timeEach(Math.max(5, warm.length * 3), i -> {
            List<EntryPath> paths = cg.whoReaches("patients", "ssn");
            n[0] = paths.size();
        });
        return Result.of("W9", ms, "entry points reaching patients.ssn: " + n[0] + " (one path each)");
    }
}
