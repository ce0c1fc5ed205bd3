package drift.domain.callgraph;

import drift.domain.callgraph.internal.CallGraphDomain;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.ScanRequest;
import drift.storage.api.ScanSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import drift.storage.testkit.DriftStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walks over the in-memory graph answer exactly as the walks in SQL: on random graphs with cycles, shared
 * callers and ties at every level, every question from every kind of start, and again after a rescan moved the
 * data version on.
 */
class GraphIndexTest {
    @RegisterExtension
    final DriftStore fixture = DriftStore.of(new CallGraphDomain());
    Path dir;
    DatabaseManager db;
    CallGraphStore cg;

    @BeforeEach
    void open() {
        dir = fixture.dir();
        db = fixture.db();
        cg = CallGraphStore.of(db);
    }

    @AfterEach
    void clearIndexMode() {
        System.clearProperty("drift.callgraph.index");
    }

    private void graph(long seed, int functions, int calls) {
        Random rnd = new Random(seed);
        try (ScanSession s = db.beginScan(ScanRequest.snapshot("/r").withDomains(java.util.Set.of("callgraph")))) {
            for (int f = 0; f < 10; f++) {
                String file = "src/f" + f + ".ts";
                s.file(file);
                List<FunctionRow> fns = new ArrayList<>();
                List<CallRow> cs = new ArrayList<>();
                List<DataAccessRow> da = new ArrayList<>();
                for (int i = f; i < functions; i += 10) {
                    // ids that do not sort as they were written
                    String id = id(i);
                    fns.add(new FunctionRow(id, "fn" + i, file, i * 10L, i * 10L + 5, "ts", rnd.nextInt(6) == 0, true, false));
                    for (int k = 0; k < calls / functions; k++) {
                        int to = rnd.nextInt(functions);
                        cs.add(new CallRow(id, "fn" + to, i * 10L + 1, id(to), EdgeKind.STATIC));
                    }
                    if (rnd.nextInt(5) == 0) {
                        da.add(new DataAccessRow(id, rnd.nextBoolean() ? "users" : "orders", Operation.READ,
                                List.of(rnd.nextBoolean() ? "password" : "email", "id"), i * 10L + 2));
                    }
                }
                s.add(CallGraphStore.FUNCTION, fns);
                s.add(CallGraphStore.CALL, cs);
                s.add(CallGraphStore.DATA_ACCESS, da);
            }
            s.commit();
        }
    }

    private static String id(int i) {
        return "m" + Integer.toString((i * 7919) % 10007, 36) + "#f" + i;
    }

    private <T> T both(Supplier<T> question) {
        System.setProperty("drift.callgraph.index", "never");
        T sql = question.get();
        System.setProperty("drift.callgraph.index", "always");
        T indexed = question.get();
        assertEquals(sql, indexed);
        return sql;
    }

    private void everyQuestion(int functions) {
        int nonEmpty = 0;
        for (int i = 0; i < functions; i += 7) {
            String f = id(i);
            for (int depth : new int[] {1, 2, 5, 100}) {
                nonEmpty += both(() -> cg.transitiveCallers(f, depth)).orElseThrow().isEmpty() ? 0 : 1;
                both(() -> cg.transitiveCallees(f, depth));
            }
            both(() -> cg.impact(f, 50));
            both(() -> cg.getReachableDataFrom(f, ReachOptions.DEFAULT));
            both(() -> cg.getReachableDataFrom(f, new ReachOptions(3, "users", true)));
        }
        assertTrue(nonEmpty > 10, "the walks reached something");
        for (String table : List.of("users", "orders")) {
            for (String field : new String[] {null, "password", "id"}) {
                List<EntryPath> all = both(() -> cg.whoReaches(table, field));
                assertFalse(all.isEmpty());
                for (int limit : new int[] {1, 3, 1000}) {
                    List<EntryPath> paged = new ArrayList<>();
                    for (int offset = 0; offset < all.size(); offset += limit) {
                        int o = offset;
                        EntryPage page = both(() -> cg.whoReaches(table, field, o, limit));
                        assertEquals(all.size(), page.total());
                        paged.addAll(page.entries());
                    }
                    assertEquals(all, paged, "pages add up to the whole answer");
                }
            }
        }
        // a field no access names, a table no function touches: nothing, both ways
        assertTrue(both(() -> cg.whoReaches("users", "nosuch")).isEmpty());
        assertTrue(both(() -> cg.whoReaches("ghosts", null)).isEmpty());
        assertEquals(0, both(() -> cg.whoReaches("ghosts", "id", 0, 10)).total());
    }

    @Test
    void aGraphPreparedAheadAnswersAsTheWalksInSqlAndAfterARescanToo() {
        graph(11, 200, 600);
        cg.prepareWalks();
        System.setProperty("drift.callgraph.index", "never");
        List<EntryPath> sql = cg.whoReaches("users", "password");
        Optional<Reachability> sqlReach = cg.getReachableDataFrom(id(3), ReachOptions.DEFAULT);
        System.clearProperty("drift.callgraph.index"); // auto: the first walk at this version uses what was prepared
        assertEquals(sql, cg.whoReaches("users", "password"));
        assertEquals(sqlReach, cg.getReachableDataFrom(id(3), ReachOptions.DEFAULT));
        // prepared at one version, asked at the next: the walks do not use the old graph
        graph(12, 200, 400);
        System.setProperty("drift.callgraph.index", "never");
        List<EntryPath> after = cg.whoReaches("users", "password");
        System.clearProperty("drift.callgraph.index");
        assertEquals(after, cg.whoReaches("users", "password"));
        cg.prepareWalks();
        assertEquals(after, cg.whoReaches("users", "password"));
    }

    @Test
    void walksInMemoryAnswerAsWalksInSql() {
        graph(7, 300, 900);
        everyQuestion(300);
        long before = db.dataVersion();
        // a rescan: the version moves on, the index is built again from the new data
        graph(8, 300, 600);
        assertTrue(db.dataVersion() > before);
        everyQuestion(300);
    }
}
