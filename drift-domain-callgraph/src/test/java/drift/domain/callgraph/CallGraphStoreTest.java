package drift.domain.callgraph;

import drift.domain.callgraph.internal.CallGraphDomain;
import drift.storage.api.BatchFailedException;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RowRejectedException;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.junit.jupiter.api.BeforeEach;
import drift.storage.testkit.DriftStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallGraphStoreTest {
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

    static FunctionRow fn(String file, String name, int start, boolean entry) {
        return new FunctionRow(file + ":" + name + ":" + start, name, file, start, start + 9, "typescript", entry, true, false);
    }

    /**
     * routes.ts: handler (entry) -> getUser (services.ts, unique) -> findUser (repo.ts, also in zother.ts: ambiguous; repo.ts sorts first)
     * handler -> helper (same file; another helper exists in services.ts) ; handler -> console.log (library)
     * findUser (repo.ts) reads users(email, password_hash) ; cycle: getUser <-> audit
     */
    private void seed() {
        cg.insertFunctions(List.of(fn("routes.ts", "handler", 1, true), fn("routes.ts", "helper", 20, false),
                fn("services.ts", "getUser", 1, false), fn("services.ts", "helper", 20, false), fn("services.ts", "audit", 40, false),
                fn("repo.ts", "findUser", 1, false), fn("zother.ts", "findUser", 1, false), fn("admin.ts", "main", 1, true)));
        cg.insertCalls(List.of(new CallRow("routes.ts:handler:1", "getUser", 3), new CallRow("routes.ts:handler:1", "helper", 4),
                new CallRow("routes.ts:handler:1", "console.log", 5), new CallRow("services.ts:getUser:1", "findUser", 2),
                new CallRow("services.ts:getUser:1", "audit", 3), new CallRow("services.ts:audit:40", "getUser", 41),
                new CallRow("admin.ts:main:1", "audit", 2)));
        cg.insertDataAccess(List.of(new DataAccessRow("repo.ts:findUser:1", "users", Operation.READ, List.of("email", "password_hash", "id"), 3),
                new DataAccessRow("zother.ts:findUser:1", "patients", Operation.READ, List.of("ssn", "diagnosis"), 4),
                new DataAccessRow("services.ts:audit:40", "audit_log", Operation.WRITE, List.of("actor", "at"), 42)));
        db.batch().flushAndWait();
    }

    @Test
    void resolutionUsesSameFileThenUniqueThenAmbiguous() {
        seed();
        Resolution r = cg.resolveCalls();
        assertEquals(3, r.sameFile(), r.toString()); // handler -> helper, getUser <-> audit
        assertEquals(2, r.unique(), r.toString()); // handler -> getUser, main -> audit
        assertEquals(1, r.ambiguous(), r.toString()); // findUser: two candidates
        assertEquals(1, r.unresolved(), r.toString()); // console.log
        List<CallSite> callees = cg.getCallees("routes.ts:handler:1");
        assertEquals(3, callees.size());
        assertEquals("routes.ts:helper:20", callees.stream().filter(c -> c.target().equals("helper")).findFirst().orElseThrow().function().id());
        assertEquals(0.95, callees.stream().filter(c -> c.target().equals("helper")).findFirst().orElseThrow().confidence());
        assertNull(callees.stream().filter(c -> c.target().equals("console.log")).findFirst().orElseThrow().function());
        assertEquals(0.4, cg.getCallees("services.ts:getUser:1").stream().filter(c -> c.target().equals("findUser")).findFirst()
                .orElseThrow().confidence());
        assertEquals(List.of("admin.ts:main:1", "services.ts:getUser:1"), cg.getCallers("services.ts:audit:40").stream()
                .map(c -> c.function().id()).toList());
        Map<String, Object> s = db.status().sections().get("callgraph");
        assertEquals(8L, s.get("functions"));
        assertEquals(2L, s.get("entry_points"));
        assertEquals(3L, s.get("data_accessors"));
        assertEquals(7L, s.get("calls"));
        assertEquals(6L, s.get("resolved_calls"));
        assertEquals(Map.of("0.95", 3L, "0.8", 2L, "0.4", 1L), s.get("resolved_by_confidence"));
    }

    @Test
    void reachabilityFollowsResolvedCallsWithPathsAndSensitivity() {
        seed();
        cg.resolveCalls();
        Reachability r = cg.getReachableData("routes.ts", 5, ReachOptions.DEFAULT).orElseThrow();
        assertEquals("routes.ts:handler:1", r.start().id());
        // handler, helper, getUser, audit, findUser(repo.ts: its id sorts first)
        assertEquals(5, r.reachedFunctions());
        ReachedAccess users = r.access().stream().filter(a -> a.table().equals("users")).findFirst().orElseThrow();
        assertEquals(List.of("routes.ts:handler:1", "services.ts:getUser:1", "repo.ts:findUser:1"), users.path());
        assertEquals(Sensitivity.PII, users.fields().get(0).sensitivity());
        assertEquals(Sensitivity.CREDENTIAL, users.fields().get(1).sensitivity());
        assertNull(users.fields().get(2).sensitivity());
        assertEquals(2, r.access().size(), "users and audit_log (the cycle getUser<->audit ends)");
        assertEquals(1, cg.getReachableData("routes.ts", 5, new ReachOptions(100, null, true)).orElseThrow().access().size());
        assertEquals(List.of("audit_log"), cg.getReachableData("routes.ts", 5, new ReachOptions(100, "audit_log", false)).orElseThrow()
                .access().stream().map(ReachedAccess::table).toList());
        assertEquals(2, cg.getReachableData("routes.ts", 5, new ReachOptions(1, null, false)).orElseThrow().reachedFunctions() - 1);
        assertTrue(cg.getReachableData("routes.ts", 500, ReachOptions.DEFAULT).isEmpty());

        List<EntryPath> who = cg.whoReaches("users", "password_hash");
        assertEquals(2, who.size());
        assertEquals(List.of("admin.ts:main:1", "services.ts:audit:40", "services.ts:getUser:1", "repo.ts:findUser:1"), who.get(0).path());
        assertEquals(List.of("routes.ts:handler:1", "services.ts:getUser:1", "repo.ts:findUser:1"), who.get(1).path());
        assertEquals(List.of("admin.ts:main:1", "routes.ts:handler:1"), cg.whoReaches("audit_log", null).stream()
                .map(e -> e.entryPoint().id()).toList());
        assertTrue(cg.whoReaches("patients", "ssn").isEmpty(), "other.ts:findUser is not the resolved candidate");
        assertTrue(cg.whoReaches("users", "nope").isEmpty());
    }

    @Test
    void replacingAFileReResolvesOnlyWhatChanged() {
        seed();
        cg.resolveCalls();
        // repo.ts is rescanned: findUser disappears, a new findAccount appears
        Resolution r = cg.replaceFile("repo.ts", List.of(fn("repo.ts", "findAccount", 1, false)),
                List.of(new CallRow("repo.ts:findAccount:1", "audit", 2)), List.of());
        assertEquals(0.8, cg.getCallees("services.ts:getUser:1").stream().filter(c -> c.target().equals("findUser")).findFirst()
                .orElseThrow().confidence(), "findUser is now unique (zother.ts)");
        assertEquals("zother.ts:findUser:1", cg.getCallees("services.ts:getUser:1").stream().filter(c -> c.target().equals("findUser"))
                .findFirst().orElseThrow().function().id());
        assertTrue(r.unique() >= 2, r.toString());
        Map<String, Object> s = db.status().sections().get("callgraph");
        assertEquals(8L, s.get("functions"));
        assertEquals(7L + 1, s.get("calls"));
        assertEquals(2L, s.get("data_accessors"));
        assertEquals(2L, s.get("data_access"));
        assertEquals(2, cg.whoReaches("patients", "ssn").size(), "now reachable through the re-resolved call");
        assertFalse(cg.getFunction("repo.ts:findUser:1").isPresent());
        assertEquals("repo.ts:findAccount:1", cg.functionAt("repo.ts", 5).orElseThrow().id());
    }

    private long q(String sql, Object... params) {
        return db.read(r -> r.queryLong(sql, params));
    }

    /** Each call as rowid:caller:target:line:callee:confidence, by rowid: what "left as it was" means for calls. */
    private List<String> callRows(String where) {
        return db.read(r -> r.list("SELECT c.rowid || ':' || f.id || ':' || c.target || ':' || c.line || ':' || coalesce(CAST(c.callee_pk AS TEXT), '-') "
                + "|| ':' || coalesce(CAST(c.confidence AS TEXT), '-') FROM callgraph_call c JOIN callgraph_function f ON f.pk = c.caller_pk WHERE " + where
                + " ORDER BY c.rowid", row -> row.getString(1)));
    }

    @Test
    void aRescanKeepsAFunctionItReportsAgainInPlaceWithItsKeyAndTheCallsIntoIt() {
        seed();
        cg.resolveCalls();
        long auditPk = q("SELECT pk FROM callgraph_function WHERE id = 'services.ts:audit:40'");
        List<String> intoServices = callRows("f.file <> 'services.ts'");
        // services.ts again: audit as it was but without its data access, getUser now an entry point, helper gone
        FunctionRow getUser = new FunctionRow("services.ts:getUser:1", "getUser", "services.ts", 1, 12, "typescript", true, true, false);
        Resolution r = cg.replaceFile("services.ts", List.of(getUser, fn("services.ts", "audit", 40, false)),
                List.of(new CallRow("services.ts:getUser:1", "findUser", 2), new CallRow("services.ts:getUser:1", "audit", 3),
                        new CallRow("services.ts:audit:40", "getUser", 41)), List.of());
        assertEquals(auditPk, q("SELECT pk FROM callgraph_function WHERE id = 'services.ts:audit:40'"), "kept with its key");
        assertEquals(12L, q("SELECT end_line FROM callgraph_function WHERE id = 'services.ts:getUser:1'"), "and written over");
        assertFalse(cg.getFunction("services.ts:helper:20").isPresent(), "a function it no longer reports goes");
        assertEquals(intoServices, callRows("f.file <> 'services.ts'"), "calls from other files left as they were");
        assertEquals(List.of("admin.ts:main:1", "services.ts:getUser:1"), cg.getCallers("services.ts:audit:40").stream()
                .map(c -> c.function().id()).sorted().toList());
        // its three calls, and the one call named after the function it lost (handler -> helper, no longer ambiguous...
        // it never was: same file); the calls named after the functions it kept are not looked at again
        assertEquals(4, r.sameFile() + r.unique() + r.ambiguous() + r.tooAmbiguous(), r.toString());
        Map<String, Object> s = db.status().sections().get("callgraph");
        assertEquals(7L, s.get("functions"));
        assertEquals(3L, s.get("entry_points"));
        assertEquals(2L, s.get("data_accessors"), "audit no longer accesses data");
        assertEquals(q("SELECT count(*) FROM callgraph_function WHERE has_data_access = 1"), s.get("data_accessors"));
        assertEquals(q("SELECT count(*) FROM callgraph_call"), s.get("calls"));
        assertEquals(List.of("admin.ts:main:1", "routes.ts:handler:1", "services.ts:getUser:1"), cg.whoReaches("users", "email").stream()
                .map(e -> e.entryPoint().id()).sorted().toList(), "through the kept functions, and from the new entry point");
    }

    static TypeRow type(String id, String file, TypeRow.Kind kind, List<String> supertypes) {
        return new TypeRow(id, file, kind, supertypes, List.of(), List.of());
    }

    @Test
    void typesBelongToTheirFileAndComeBackAsStored() {
        TypeRow shape = new TypeRow("geo.Shape", "geo/Shape.java", TypeRow.Kind.INTERFACE, List.of("java.lang.Object"),
                List.of("unit()Lgeo/Shape;"), List.of("area()D", "perimeter()D"));
        TypeRow circle = type("geo.Circle", "geo/Circle.java", TypeRow.Kind.CLASS, List.of("java.lang.Object", "geo.Shape"));
        TypeRow inner = type("geo.Circle$Unit", "geo/Circle.java", TypeRow.Kind.ABSTRACT_CLASS, List.of("geo.Circle"));
        cg.insertTypes(List.of(shape, circle, inner));
        db.batch().flushAndWait();
        assertEquals(java.util.Optional.of(shape), cg.getType("geo.Shape"), "lists, kinds and order as written");
        assertEquals(List.of(circle, inner), cg.typesIn("geo/Circle.java"));
        // a rescan of the file replaces its types; the others stay
        TypeRow circle2 = type("geo.Circle", "geo/Circle.java", TypeRow.Kind.ABSTRACT_CLASS, List.of("java.lang.Object", "geo.Shape"));
        try (drift.storage.api.ScanSession scan = db.beginScan(drift.storage.api.ScanRequest.merge("/r").withDomains(java.util.Set.of("callgraph")))) {
            scan.file("geo/Circle.java");
            scan.add(CallGraphStore.TYPE, List.of(circle2));
            scan.commit();
        }
        assertEquals(List.of(circle2), cg.typesIn("geo/Circle.java"), "the nested type it no longer reports is gone");
        assertEquals(java.util.Optional.of(shape), cg.getType("geo.Shape"));
        // an id stored in a file the scan does not replace is refused, naming it, and nothing of the scan is kept
        StorageException taken = assertThrows(StorageException.class, () -> {
            try (drift.storage.api.ScanSession scan = db.beginScan(drift.storage.api.ScanRequest.merge("/r").withDomains(java.util.Set.of("callgraph")))) {
                scan.file("geo/Other.java");
                scan.add(CallGraphStore.TYPE, List.of(type("geo.Other", "geo/Other.java", TypeRow.Kind.CLASS, List.of()),
                        type("geo.Shape", "geo/Other.java", TypeRow.Kind.CLASS, List.of())));
                scan.commit();
            }
        });
        assertTrue(taken.getMessage().contains("geo.Shape") && taken.getMessage().contains("geo/Shape.java"), taken.getMessage());
        assertEquals(List.of(), cg.typesIn("geo/Other.java"));
        // the fields are checked where they are made
        RowRejectedException bad = assertThrows(RowRejectedException.class, () -> new TypeRow("x.Y", "x/Y.java", TypeRow.Kind.CLASS,
                List.of("a\nb"), List.of(), List.of()));
        assertEquals("supertypes", bad.field());
        assertEquals("kind", assertThrows(RowRejectedException.class, () -> TypeRow.Kind.parse("kind", "enum")).field());
    }

    /** Every call by its caller's and callee's ids (keys differ between loads). */
    private List<String> edges() {
        return db.read(r -> r.list("SELECT f.id || ' ' || c.target || ' ' || c.line || ' ' || coalesce(g.id, '-') || ' ' "
                + "|| coalesce(CAST(c.confidence AS TEXT), '-') FROM callgraph_call c JOIN callgraph_function f ON f.pk = c.caller_pk "
                + "LEFT JOIN callgraph_function g ON g.pk = c.callee_pk ORDER BY 1", row -> row.getString(1)));
    }

    /** A rescan that writes everything again is loaded as a first scan, inside the scan, and ends as the same graph. */
    @Test
    void aRescanThatRewritesEverythingEndsAsTheGraphItWrites() {
        seed();
        cg.resolveCalls();
        Map<String, Object> status = db.status().sections().get("callgraph");
        List<String> calls = edges();
        List<FunctionRow> functions = List.of("routes.ts", "services.ts", "repo.ts", "zother.ts", "admin.ts").stream()
                .flatMap(f -> cg.functionsIn(f).stream()).toList();
        try (drift.storage.api.ScanSession scan = db.beginScan(drift.storage.api.ScanRequest.snapshot("/r").withDomains(java.util.Set.of("callgraph")))) {
            functions.stream().map(FunctionRow::file).distinct().forEach(scan::file);
            scan.rewriteAll();
            scan.add(CallGraphStore.FUNCTION, functions);
            scan.add(CallGraphStore.CALL, List.of(new CallRow("routes.ts:handler:1", "getUser", 3), new CallRow("routes.ts:handler:1", "helper", 4),
                    new CallRow("routes.ts:handler:1", "console.log", 5), new CallRow("services.ts:getUser:1", "findUser", 2),
                    new CallRow("services.ts:getUser:1", "audit", 3), new CallRow("services.ts:audit:40", "getUser", 41),
                    new CallRow("admin.ts:main:1", "audit", 2)));
            scan.add(CallGraphStore.DATA_ACCESS, List.of(new DataAccessRow("repo.ts:findUser:1", "users", Operation.READ,
                    List.of("email", "password_hash", "id"), 3), new DataAccessRow("zother.ts:findUser:1", "patients", Operation.READ,
                    List.of("ssn", "diagnosis"), 4), new DataAccessRow("services.ts:audit:40", "audit_log", Operation.WRITE, List.of("actor", "at"), 42)));
            assertTrue(scan.commit().attributes().get("after_scan.callgraph").contains("resolved"));
        }
        assertEquals(calls, edges(), "every call, resolved as before");
        assertEquals(status, db.status().sections().get("callgraph"));
        assertEquals(List.of("admin.ts:main:1", "services.ts:getUser:1"), cg.getCallers("services.ts:audit:40").stream()
                .map(c -> c.function().id()).toList());
    }

    @Test
    void aRescanStillRefusesAFunctionOfAFileItDidNotDeclareOrOneItWroteTwice() {
        seed();
        StorageException elsewhere = assertThrows(StorageException.class, () -> cg.replaceFile("other.ts",
                List.of(new FunctionRow("routes.ts:handler:1", "handler", "other.ts", 1, 9, null, false, false, false)), List.of(), List.of()));
        assertTrue(elsewhere.getMessage().contains("routes.ts:handler:1") && elsewhere.getMessage().contains("did not declare"),
                elsewhere.getMessage());
        try (drift.storage.api.ScanSession scan = db.beginScan(drift.storage.api.ScanRequest.merge("/r").withDomains(java.util.Set.of("callgraph")))) {
            scan.file("repo.ts");
            scan.file("zother.ts");
            scan.add(CallGraphStore.FUNCTION, List.of(fn("repo.ts", "findUser", 1, false)));
            scan.add(CallGraphStore.FUNCTION, List.of(new FunctionRow("repo.ts:findUser:1", "findUser", "zother.ts", 1, 9, null, false,
                    false, false)));
            BatchFailedException twice = assertThrows(BatchFailedException.class, scan::commit);
            assertTrue(twice.getMessage().contains("written already by this scan"), twice.getMessage());
        }
        assertEquals(8L, db.status().sections().get("callgraph").get("functions"), "nothing of either scan was stored");
    }

    @Test
    void badRowsAreRefusedNamingRowAndField() {
        seed();
        assertEquals("start_line", assertThrows(RowRejectedException.class, () -> fn("a.ts", "x", -1, false)).field());
        assertEquals("end_line", assertThrows(RowRejectedException.class,
                () -> new FunctionRow("a", "b", "c", 10, 5, null, false, false, false)).field());
        assertEquals("line", assertThrows(RowRejectedException.class, () -> new CallRow("a", "b", -3)).field());
        assertEquals("caller_id", assertThrows(RowRejectedException.class, () -> new CallRow("", "b", 3)).field());
        var importer = db.importers().stream().filter(i -> i.fileName().equals("data_access.ndjson")).findFirst().orElseThrow();
        RowRejectedException op = assertThrows(RowRejectedException.class, () -> importer.parser().parse(drift.storage.api.Fields.of(
                Map.of("function_id", "f", "table", "t", "operation", "upsert", "fields", List.of("a"), "line", 1))));
        assertEquals("operation", op.field());

        cg.insertCalls(List.of(new CallRow("routes.ts:handler:1", "x", 9), new CallRow("ghost.ts:nobody:1", "x", 9)));
        BatchFailedException e = assertThrows(BatchFailedException.class, db.batch()::flushAndWait);
        assertEquals(1, e.rowIndex());
        assertTrue(e.getMessage().contains("field 'caller_id'") && e.getMessage().contains("ghost.ts:nobody:1"), e.getMessage());
        cg.insertFunctions(List.of(fn("new.ts", "a", 1, false), fn("routes.ts", "handler", 1, true)));
        BatchFailedException dup = assertThrows(BatchFailedException.class, db.batch()::flushAndWait);
        assertEquals(1, dup.rowIndex());
        assertFalse(cg.getFunction("new.ts:a:1").isPresent(), "the batch was rejected whole");
        assertEquals(7L, db.status().sections().get("callgraph").get("calls"), "what was committed before stays");
    }

    @Test
    void functionsAreNamedAsPeopleNameThem() {
        seed();
        seedJvm();

        // a unique name, an id, and qualified names: by type in the id (not a nested type of the same file), by file
        assertEquals("services.ts:audit:40", cg.function("audit").id());
        assertEquals("routes.ts:helper:20", cg.function("routes.ts:helper:20").id());
        assertEquals("routes.ts:helper:20", cg.function("routes.ts:helper").id());
        assertEquals("services.ts:helper:20", cg.function("services.helper").id(), "the file without its extension");
        assertEquals("com.acme.Users#<init>()V", cg.function("Users#<init>").id());
        assertEquals("com.acme.Users#<init>()V", cg.function("com.acme.Users.<init>").id());
        assertEquals("com.acme.Users$Cache#<init>()V", cg.function("Users$Cache::<init>").id());
        assertEquals("com.acme.Users$Cache#save(J)V", cg.function("Cache.save").id());
        assertEquals("org.other.Users_x#flush()V", cg.function("Users_x.flush").id(), "LIKE's wildcard is a plain character");
        assertEquals(2, cg.findFunctions("acme.Users#save").size(), "overloads: both, and only the type's");
        assertTrue(cg.findFunctions("cme.Users#save").isEmpty(), "a qualifier ends at a boundary");
        assertTrue(cg.findFunctions("Users.nothing").isEmpty());

        // overloads told apart by their parameters, as Java writes them or as the descriptor does
        assertEquals("com.acme.Users#save(J)V", cg.function("Users#save(long)").id());
        assertEquals("com.acme.Users#save(Ljava/lang/String;)V", cg.function("com.acme.Users.save(String)").id());
        assertEquals("com.acme.Users#save(Ljava/lang/String;)V", cg.function("Users#save(java.lang.String)").id());
        assertEquals("com.acme.Users#save(J)V", cg.function("Users#save(J)").id());
        assertEquals("com.acme.Users$Cache#save(J)V", cg.function("Users.Cache#save(long)").id(), "a nested type as Java writes it");
        assertEquals("com.acme.Users#<init>()V", cg.function("Users#<init>()").id());
        StorageException noSuchOverload = assertThrows(StorageException.class, () -> cg.function("Users#save(int)"));
        assertEquals(StorageErrorCode.NOT_FOUND, noSuchOverload.code());
        assertTrue(noSuchOverload.getMessage().contains("none of the 2 function(s) 'Users#save' names takes (int): [com.acme.Users#save(J)V"),
                noSuchOverload.getMessage());
        StorageException overloads = assertThrows(StorageException.class, () -> cg.function("Users#save"));
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, overloads.code());
        assertTrue(overloads.getMessage().contains("com.acme.Users#save(J)V") && overloads.getMessage().contains("2 functions match"),
                overloads.getMessage());
        StorageException elsewhere = assertThrows(StorageException.class, () -> cg.function("nope.helper"));
        assertEquals(StorageErrorCode.NOT_FOUND, elsewhere.code());
        assertTrue(elsewhere.getMessage().contains("2 function(s) are named 'helper', none in 'nope'"), elsewhere.getMessage());
        StorageException type = assertThrows(StorageException.class, () -> cg.function("Users"));
        assertEquals(StorageErrorCode.NOT_FOUND, type.code());
        assertTrue(type.getMessage().contains("'Users' is a type (com.acme.Users): give one of its 3 functions"), type.getMessage());
        // a file as it is in front of a person or an agent: from the repository's root, absolute, or just its name
        assertEquals(5, cg.functionsAt("src/main/java/com/acme/Users.java", 1).size());
        assertEquals("com/acme/Users.java", cg.functionsAt("/home/me/shop/src/main/java/com/acme/Users.java", 1).get(0).file());
        assertEquals("routes.ts:handler:1", cg.functionAt("./app/routes.ts", 3).orElseThrow().id());
        assertEquals("org/other/Users_x.java", cg.functionsAt("Users_x.java", 1).get(0).file());
        StorageException twoFiles = assertThrows(StorageException.class, () -> cg.functionsAt("Users.java", 1));
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, twoFiles.code());
        assertTrue(twoFiles.getMessage().contains("2 stored files end with Users.java; give more of the path: [com/acme/Users.java, "
                + "net/other/Users.java]"), twoFiles.getMessage());
        assertTrue(cg.functionsAt("src/main/java/com/acme/Nope.java", 1).isEmpty());
        // FILE:LINE where a function is wanted: the innermost function there, the file as above
        assertEquals("routes.ts:helper:20", cg.function("app/routes.ts:21").id());
        assertEquals(StorageErrorCode.NOT_FOUND, assertThrows(StorageException.class, () -> cg.function("routes.ts:900")).code());
        // the named queries (the CLI's callers and callees, and every other client of db.query) take the same names
        assertEquals(3, db.query("callgraph", "callees", Map.of("function", "routes.ts:handler")).size());
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class,
                () -> db.query("callgraph", "callers", Map.of("function", "Users#save"))).code());
        assertEquals(2, db.query("callgraph", "function", Map.of("name", "acme.Users#save")).size(), "a search answers every match");
    }

    /** JVM-like functions and types beside {@link #seed()}'s: overloads, a nested type, two files named Users.java. */
    private void seedJvm() {
        String users = "com/acme/Users.java";
        cg.insertFunctions(List.of(jvm("com.acme.Users#save(J)V", "save", users), jvm("com.acme.Users#save(Ljava/lang/String;)V", "save", users),
                jvm("com.acme.Users$Cache#save(J)V", "save", users), jvm("com.acme.Users#<init>()V", "<init>", users),
                jvm("com.acme.Users$Cache#<init>()V", "<init>", users), jvm("org.other.Users_x#flush()V", "flush", "org/other/Users_x.java"),
                jvm("net.other.Users#close()V", "close", "net/other/Users.java")));
        cg.insertTypes(List.of(new TypeRow("com.acme.Users", users, TypeRow.Kind.CLASS, List.of(), List.of(), List.of()),
                new TypeRow("com.acme.Users$Cache", users, TypeRow.Kind.CLASS, List.of(), List.of(), List.of()),
                new TypeRow("org.other.Users_x", "org/other/Users_x.java", TypeRow.Kind.CLASS, List.of(), List.of(), List.of())));
        db.batch().flushAndWait();
        db.runAfterImport();
    }

    @Test
    void whoCallsIntoATypeOrAFile() {
        seed();
        seedJvm();
        cg.insertFunctions(List.of(jvm("com.acme.Api#run()V", "run", "com/acme/Api.java")));
        // from outside: Api#run -> Users#<init> (of two <init>s, the first by id), Users_x#flush; from inside: Users#save(J) -> <init>
        cg.insertCalls(List.of(new CallRow("com.acme.Api#run()V", "<init>", 3), new CallRow("com.acme.Api#run()V", "flush", 4),
                new CallRow("com.acme.Users#save(J)V", "<init>", 1)));
        db.batch().flushAndWait();
        db.runAfterImport();

        List<CallSite> intoUsers = cg.callsIntoType("Users");
        assertEquals(List.of("com.acme.Api#run()V -> com.acme.Users#<init>()V"),
                intoUsers.stream().map(c -> c.function().id() + " -> " + c.calleeId()).toList(), "its own calls are not counted");
        assertTrue(cg.callsIntoType("Users$Cache").isEmpty());
        assertEquals(1, cg.callsIntoType("org.other.Users_x").size());
        assertEquals(List.of("com.acme.Users#<init>()V"), cg.callsIntoFile("src/main/java/com/acme/Users.java").stream()
                .map(CallSite::calleeId).toList(), "a file as in the repository; its own calls are not counted");
        assertEquals(StorageErrorCode.NOT_FOUND, assertThrows(StorageException.class, () -> cg.callsIntoType("Nope")).code());
        // the named query behind `drift callers --type/--file` and the MCP domain tool
        List<Map<String, Object>> rows = db.query("callgraph", "incoming", Map.of("type", "acme.Users"));
        assertEquals("com.acme.Users#<init>()V", rows.get(0).get("callee"));
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class,
                () -> db.query("callgraph", "incoming", Map.of())).code());
    }

    private static FunctionRow jvm(String id, String name, String file) {
        return new FunctionRow(id, name, file, 1, 2, "java", false, true, false);
    }

    @Test
    void namedQueriesAndClear() {
        seed();
        db.runAfterImport();
        assertEquals(2, db.query("callgraph", "callers", Map.of("function", "audit")).size());
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class,
                () -> db.query("callgraph", "callers", Map.of("function", "helper"))).code(), "two helpers: ambiguous name");
        assertEquals(StorageErrorCode.NOT_FOUND, assertThrows(StorageException.class,
                () -> db.query("callgraph", "callers", Map.of("function", "nobody"))).code());
        assertEquals(2, db.query("callgraph", "reachable", Map.of("file", "routes.ts", "line", "3")).size());
        assertEquals(2, db.query("callgraph", "who-reaches", Map.of("table", "users", "field", "email")).size());
        assertEquals(1, db.query("callgraph", "function", Map.of("file", "repo.ts", "line", "4")).size());
        cg.clear();
        assertEquals(0L, db.status().sections().get("callgraph").get("functions"));
        assertTrue(cg.findByName("helper").isEmpty());
    }

    @Test
    void childRowsFindFunctionsWrittenByAnEarlierProcessAndNeverThoseReplacedOrCleared() {
        seed();
        db = fixture.reopen();
        cg = CallGraphStore.of(db);
        // a new process remembers no keys: they are found in the table
        cg.insertCalls(List.of(new CallRow("repo.ts:findUser:1", "audit", 7), new CallRow("admin.ts:main:1", "findUser", 3)));
        cg.insertDataAccess(List.of(new DataAccessRow("admin.ts:main:1", "audit_log", Operation.READ, List.of("actor"), 4)));
        db.batch().flushAndWait();
        assertEquals(List.of("audit", "findUser"), cg.getCallees("admin.ts:main:1").stream().map(CallSite::target).sorted().toList());
        assertEquals(4L, db.status().sections().get("callgraph").get("data_accessors"), "main accesses data too now");

        // a replaced file's old functions are gone: calls naming them are refused, its new ones are found
        cg.replaceFile("repo.ts", List.of(fn("repo.ts", "findAccount", 1, false)), List.of(), List.of());
        cg.insertCalls(List.of(new CallRow("repo.ts:findAccount:1", "audit", 2)));
        db.batch().flushAndWait();
        cg.insertCalls(List.of(new CallRow("repo.ts:findUser:1", "audit", 2)));
        BatchFailedException stale = assertThrows(BatchFailedException.class, db.batch()::flushAndWait);
        assertTrue(stale.getMessage().contains("no function 'repo.ts:findUser:1'"), stale.getMessage());
        assertEquals(1, cg.getCallees("repo.ts:findAccount:1").size());

        cg.clear();
        cg.insertCalls(List.of(new CallRow("routes.ts:handler:1", "x", 1)));
        assertThrows(BatchFailedException.class, db.batch()::flushAndWait, "cleared functions are not remembered");
        // keys continue from what the table holds, and calls land on the right function
        cg.insertFunctions(List.of(fn("b.ts", "b", 1, false), fn("a.ts", "a", 1, false)));
        cg.insertCalls(List.of(new CallRow("a.ts:a:1", "b", 2), new CallRow("b.ts:b:1", "a", 2), new CallRow("a.ts:a:1", "a", 3)));
        db.batch().flushAndWait();
        assertEquals(List.of("a", "b"), cg.getCallees("a.ts:a:1").stream().map(CallSite::target).sorted().toList());
        assertEquals(List.of("a"), cg.getCallees("b.ts:b:1").stream().map(CallSite::target).toList());
    }

    @Test
    void aVersion1DatabaseIsMigratedWithItsCallsAndDataAccess() {
        db.close();
        Path old = dir.resolve("v1.db");
        try (DatabaseManager v1 = DatabaseManager.open(DatabaseConfig.defaults(old), List.of(new VersionOne()))) {
            v1.write(w -> {
                w.script("INSERT INTO callgraph_function(pk, id, name, file, start_line, end_line) VALUES "
                        + "(1, 'a.ts:a:1', 'a', 'a.ts', 1, 9), (2, 'b.ts:b:1', 'b', 'b.ts', 1, 9);"
                        + "INSERT INTO callgraph_call(caller_pk, target, line) VALUES (1, 'b', 2), (2, 'console.log', 3);"
                        + "INSERT INTO callgraph_data_access(function_pk, table_name, operation, fields, line) "
                        + "VALUES (2, 'users', 'read', '[\"email\"]', 4);"
                        + "INSERT INTO callgraph_counts(key, value) VALUES ('functions', 2), ('calls', 2), ('data_access', 1);");
                return null;
            });
        }
        db = DatabaseManager.open(DatabaseConfig.defaults(old), List.of(new CallGraphDomain()));
        cg = CallGraphStore.of(db);
        assertEquals(db.domains().get(0).latestVersion(), db.domains().get(0).schemaVersion(), "migrated to the newest");
        cg.resolveCalls();
        assertEquals("b.ts:b:1", cg.getCallees("a.ts:a:1").get(0).function().id());
        assertEquals("users", cg.getReachableDataFrom("a.ts:a:1", ReachOptions.DEFAULT).orElseThrow().access().get(0).table());
        assertEquals("a.ts:a:1", cg.functionAt("a.ts", 4).orElseThrow().id());
        // the migrated tables take new rows keyed the new way
        cg.insertCalls(List.of(new CallRow("b.ts:b:1", "a", 5)));
        db.batch().flushAndWait();
        assertEquals(3L, db.status().sections().get("callgraph").get("calls"));
        db.close();
    }

    /** The call graph domain as it was at schema version 1. */
    private static final class VersionOne implements drift.storage.api.spi.StorageDomain {
        @Override
        public String id() {
            return CallGraphDomain.ID;
        }

        @Override
        public void contribute(drift.storage.api.spi.DomainRegistrar r) {
            r.migration(drift.storage.api.spi.Migration.load(CallGraphDomain.class::getResourceAsStream, 1, "functions, calls, data access",
                    "sqlite/V1__callgraph.sql"));
        }
    }
}
