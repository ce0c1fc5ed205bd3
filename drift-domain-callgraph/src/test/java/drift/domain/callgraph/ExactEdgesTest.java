package drift.domain.callgraph;

import drift.domain.callgraph.internal.CallGraphDomain;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.ScanRequest;
import drift.storage.api.ScanSession;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.junit.jupiter.api.BeforeEach;
import drift.storage.testkit.DriftStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exact call targets, edge kinds, the resolution tie-break and cap, and FILE:LINE that does not nest. */
class ExactEdgesTest {
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

    private static FunctionRow fn(String id, String file, long start, long end) {
        String name = id.substring(id.indexOf('#') + 1, id.indexOf('('));
        return new FunctionRow(id, name, file, start, end, "java", false, true, false);
    }

    private void scanFile(String file, List<FunctionRow> functions, List<CallRow> calls) {
        try (ScanSession s = db.beginScan(ScanRequest.merge("/r").withDomains(java.util.Set.of("callgraph")))) {
            s.file(file);
            s.add(CallGraphStore.FUNCTION, functions);
            s.add(CallGraphStore.CALL, calls);
            s.commit();
        }
    }

    @Test
    void exactEdgesResolveByIdStayExternalUntilTheirTargetArrivesAndDerivedOnesGoWithIt() {
        String main = "app.Main#main([Ljava/lang/String;)V";
        String run = "app.Service#run()V";
        String runImpl = "app.ServiceImpl#run()V";
        String lib = "lib.Util#help(I)I";
        scanFile("app/Main.java", List.of(fn(main, "app/Main.java", 3, 9)), List.of(new CallRow(main, "run", 4, run, EdgeKind.VIRTUAL),
                new CallRow(main, "help", 5, lib, EdgeKind.STATIC), new CallRow(main, "run", 6, "app.Gone#run()V", EdgeKind.CHA)));
        assertEquals(2, cg.getCallees(main).size(), "an override that is not in the store is no edge");
        scanFile("app/Service.java", List.of(fn(run, "app/Service.java", 1, 1), fn(runImpl, "app/Service.java", 5, 7)), List.of());
        scanFile("app/Main.java", List.of(fn(main, "app/Main.java", 3, 9)), List.of(new CallRow(main, "run", 4, run, EdgeKind.VIRTUAL),
                new CallRow(main, "run", 4, runImpl, EdgeKind.CHA), new CallRow(main, "help", 5, lib, EdgeKind.STATIC)));
        List<CallSite> callees = cg.getCallees(main);
        assertEquals(3, callees.size());
        CallSite virtual = callees.stream().filter(c -> c.kind() == EdgeKind.VIRTUAL).findFirst().orElseThrow();
        assertEquals(run, virtual.function().id(), "resolved by id when its function arrived, in a later scan");
        assertEquals(0.9, virtual.confidence());
        assertEquals(0.5, callees.stream().filter(c -> c.kind() == EdgeKind.CHA).findFirst().orElseThrow().confidence());
        CallSite external = callees.stream().filter(c -> c.kind() == EdgeKind.STATIC).findFirst().orElseThrow();
        assertNull(external.function(), "a library method outside the scan");
        assertEquals(lib, external.calleeId(), "kept with its exact id");
        Map<String, Object> s = db.status().sections().get("callgraph");
        assertEquals(1L, s.get("external_calls"));
        assertEquals(Map.of("virtual", 1L, "static", 1L, "cha", 1L), s.get("calls_by_kind"));
        assertEquals(2L, s.get("resolved_calls"));

        // the library arrives: its exact calls resolve; the implementation goes: its derived edge goes with it
        scanFile("lib/Util.java", List.of(fn(lib, "lib/Util.java", 10, 12)), List.of());
        scanFile("app/Service.java", List.of(fn(run, "app/Service.java", 1, 1)), List.of());
        callees = cg.getCallees(main);
        assertEquals(2, callees.size(), callees.toString());
        assertEquals(lib, callees.stream().filter(c -> c.kind() == EdgeKind.STATIC).findFirst().orElseThrow().function().id());
        s = db.status().sections().get("callgraph");
        assertEquals(0L, s.get("external_calls"));
        assertEquals(Map.of("virtual", 1L, "static", 1L), s.get("calls_by_kind"), "the possible override went with its target");
        assertEquals(2L, s.get("calls"));
        assertEquals(List.of(main), cg.getCallers(lib).stream().map(c -> c.function().id()).toList());
    }

    @Test
    void namesResolveToTheIdThatSortsFirstAndTooManyCandidatesStayUnresolved() {
        List<FunctionRow> fs = new ArrayList<>();
        for (int i = 9; i >= 1; i--) {
            fs.add(new FunctionRow("f" + i + ".ts:many:1", "many", "f" + i + ".ts", 1, 2, "ts", false, true, false));
        }
        for (String f : List.of("b.ts", "a.ts")) {
            fs.add(new FunctionRow(f + ":two:1", "two", f, 1, 2, "ts", false, true, false));
        }
        fs.add(new FunctionRow("c.ts:caller:1", "caller", "c.ts", 1, 9, "ts", true, true, false));
        fs.add(new FunctionRow("c.ts:dup:20", "dup", "c.ts", 20, 21, "ts", false, true, false));
        fs.add(new FunctionRow("c.ts:dup:10", "dup", "c.ts", 10, 11, "ts", false, true, false));
        cg.insertFunctions(fs);
        cg.insertCalls(List.of(new CallRow("c.ts:caller:1", "many", 2), new CallRow("c.ts:caller:1", "two", 3),
                new CallRow("c.ts:caller:1", "dup", 4)));
        db.batch().flushAndWait();
        Resolution r = cg.resolveCalls();
        assertEquals(1, r.tooAmbiguous(), r.toString());
        List<CallSite> callees = cg.getCallees("c.ts:caller:1");
        assertNull(callees.stream().filter(c -> c.target().equals("many")).findFirst().orElseThrow().function(),
                "nine candidates: no hub is made");
        assertEquals("a.ts:two:1", callees.stream().filter(c -> c.target().equals("two")).findFirst().orElseThrow().function().id());
        assertEquals("c.ts:dup:10", callees.stream().filter(c -> c.target().equals("dup")).findFirst().orElseThrow().function().id(),
                "within a file the same tie-break");
        assertEquals(1L, db.status().sections().get("callgraph").get("unresolved_too_ambiguous"));
    }

    @Test
    void aLineInFunctionsThatDoNotNestIsAnErrorListingThem() {
        cg.insertFunctions(List.of(fn("a.B#<init>()V", "a/B.java", 3, 10), fn("a.B#<init>(I)V", "a/B.java", 5, 12),
                fn("a.B#run()V", "a/B.java", 20, 30), fn("a.B#lambda$run$0()V", "a/B.java", 22, 24)));
        db.batch().flushAndWait();
        assertEquals("a.B#lambda$run$0()V", cg.functionAt("a/B.java", 23).orElseThrow().id(), "the innermost of nested ones");
        assertEquals("a.B#<init>(I)V", cg.functionAt("a/B.java", 11).orElseThrow().id());
        assertEquals("a.B#<init>()V", cg.functionAt("a/B.java", 4).orElseThrow().id());
        StorageException e = assertThrows(StorageException.class, () -> cg.functionAt("a/B.java", 5));
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("a.B#<init>()V") && e.getMessage().contains("a.B#<init>(I)V"), e.getMessage());
        assertEquals(2, cg.functionsAt("a/B.java", 5).size());
    }
}
