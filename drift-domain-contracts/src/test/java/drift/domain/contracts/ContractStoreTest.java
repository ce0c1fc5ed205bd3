package drift.domain.contracts;

import drift.domain.contracts.internal.ContractsDomain;
import drift.storage.api.BatchFailedException;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RowRejectedException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContractStoreTest {
    @RegisterExtension
    final DriftStore fixture = DriftStore.of(new ContractsDomain());
    Path dir;
    DatabaseManager db;
    ContractStore store;

    @BeforeEach
    void open() {
        dir = fixture.dir();
        db = fixture.db();
        store = ContractStore.of(db);
    }

    static ResponseField f(String name, String type) {
        return new ResponseField(name, type, false, false);
    }

    /** A contract with a backend in server/routes/{id}.py and two calls: {frontendFile}:5 and web/src/other.ts:9. */
    static ContractRow contract(String id, HttpMethod m, String endpoint, ContractStatus s, String frontendFile, Mismatch... mismatches) {
        return new ContractRow(id, m, endpoint, s, 0.9, new BackendEndpoint("server/routes/" + id + ".py", 10, "fastapi",
                List.of(f("id", "number"), f("email", "string"))),
                List.of(new FrontendCall(frontendFile, 5, "axios", List.of(f("id", "number"))),
                        new FrontendCall("web/src/other.ts", 9, "fetch", List.of(f("email", "number"), new ResponseField("x", "string", true, true)))),
                List.of(mismatches));
    }

    static ContractRow bare(String id, ContractStatus s, Mismatch... mismatches) {
        return new ContractRow(id, HttpMethod.GET, "/api/" + id, s, 0.5, new BackendEndpoint("server/" + id + ".py", 1, null, List.of()),
                List.of(new FrontendCall("web/" + id + ".ts", 1, null, List.of())), List.of(mismatches));
    }

    static Mismatch mm(MismatchType t, MismatchSeverity s) {
        return new Mismatch("email", t, "string vs number", s);
    }

    private void insert(ContractRow... rows) {
        store.insertContracts(List.of(rows));
        db.batch().flushAndWait();
    }

    private void seed() {
        insert(contract("c1", HttpMethod.GET, "/api/users/:id", ContractStatus.DISCOVERED, "web/src/users.ts"),
                contract("c2", HttpMethod.POST, "/api/users/list", ContractStatus.MISMATCH, "web/src/users.ts",
                        mm(MismatchType.TYPE_MISMATCH, MismatchSeverity.ERROR), mm(MismatchType.NULLABILITY_MISMATCH, MismatchSeverity.INFO)),
                contract("c3", HttpMethod.GET, "/api/orders/search", ContractStatus.VERIFIED, "web/src/orders.ts",
                        new Mismatch("total", MismatchType.OPTIONALITY_MISMATCH, "", MismatchSeverity.WARNING)),
                contract("c4", HttpMethod.DELETE, "/api/users", ContractStatus.IGNORED, "web/src/admin.ts"));
    }

    private List<String> ids(ContractQuery.Builder q) {
        return store.queryContracts(q.build()).stream().map(ContractSummary::id).toList();
    }

    private Map<String, Object> status() {
        return db.status().sections().get("contracts");
    }

    private static Map<String, Long> byStatus(long discovered, long verified, long mismatch, long ignored) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("discovered", discovered);
        m.put("verified", verified);
        m.put("mismatch", mismatch);
        m.put("ignored", ignored);
        return m;
    }

    private long count(String sql, Object... params) {
        return db.read(r -> r.queryLong(sql, params));
    }

    /** The counters the status section reads must equal a recount of the tables. */
    private void assertCountersMatchTables() {
        Map<String, Object> s = status();
        assertEquals(count("SELECT count(*) FROM contracts_contract"), s.get("contracts"));
        assertEquals(count("SELECT count(*) FROM contracts_frontend"), s.get("frontend_calls"));
        assertEquals(count("SELECT count(*) FROM contracts_mismatch"), s.get("mismatches"));
        Map<String, Long> recount = new LinkedHashMap<>();
        for (ContractStatus st : ContractStatus.values()) {
            recount.put(st.wire(), count("SELECT count(*) FROM contracts_contract WHERE status = ?", st.wire()));
        }
        assertEquals(recount, s.get("by_status"));
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (MismatchSeverity sv : MismatchSeverity.values()) {
            bySeverity.put(sv.wire(), count("SELECT count(*) FROM contracts_mismatch WHERE severity = ?", sv.wire()));
        }
        assertEquals(bySeverity, s.get("mismatches_by_severity"));
    }

    /** A rescan (merge) of {@code files}, writing {@code rows}. */
    private void rescan(List<String> files, ContractRow... rows) {
        try (ScanSession s = db.beginScan(ScanRequest.merge("/r").withDomains(java.util.Set.of("contracts")))) {
            files.forEach(s::file);
            s.add(ContractStore.CONTRACT, List.of(rows));
            s.commit();
        }
    }

    /** Every stored row of the contracts' tables, as text, in key order: what "untouched" means. */
    private List<String> rows() {
        return db.read(r -> {
            List<String> out = new ArrayList<>();
            for (String sql : List.of("SELECT 'c', pk, id, backend_file, content_hash FROM contracts_contract ORDER BY pk",
                    "SELECT 'f', rowid, contract_pk, position, name FROM contracts_field ORDER BY rowid",
                    "SELECT 'u', contract_pk, position, file, line FROM contracts_frontend ORDER BY 2, 3",
                    "SELECT 'm', rowid, contract_pk, field_path, severity FROM contracts_mismatch ORDER BY rowid")) {
                r.forEach(sql, row -> {
                    out.add(row.getString(1) + "|" + row.getString(2) + "|" + row.getString(3) + "|" + row.getString(4) + "|" + row.getString(5));
                    return true;
                });
            }
            return out;
        });
    }

    @Test
    void aRescanKeepsTheContractsItReportsUnchangedAndRemovesTheRestOfItsFilesAtTheEnd() {
        seed();
        ContractRow c1 = contract("c1", HttpMethod.GET, "/api/users/:id", ContractStatus.DISCOVERED, "web/src/users.ts");
        ContractRow c2 = contract("c2", HttpMethod.POST, "/api/users/list", ContractStatus.MISMATCH, "web/src/users.ts",
                mm(MismatchType.TYPE_MISMATCH, MismatchSeverity.ERROR), mm(MismatchType.NULLABILITY_MISMATCH, MismatchSeverity.INFO));
        store.updateContractStatus("c2", ContractStatus.IGNORED);
        List<String> before = rows();
        // web/src/other.ts is a frontend of all four: reported again exactly as stored, nothing is written
        rescan(List.of("web/src/other.ts"), c1, c2,
                contract("c3", HttpMethod.GET, "/api/orders/search", ContractStatus.VERIFIED, "web/src/orders.ts",
                        new Mismatch("total", MismatchType.OPTIONALITY_MISMATCH, "", MismatchSeverity.WARNING)),
                contract("c4", HttpMethod.DELETE, "/api/users", ContractStatus.IGNORED, "web/src/admin.ts"));
        assertEquals(before, rows(), "unchanged contracts keep their rows, nested parts and keys");
        assertEquals(ContractStatus.IGNORED, store.getContract("c2").orElseThrow().row().status(), "and the person's decision");
        assertEquals(4L, count("SELECT count(*) FROM contracts_contract WHERE scan_id = (SELECT max(id) FROM drift_scan)"),
                "each is marked as the rescan's");

        // users.ts rescanned: c1 reported again, c2 not (its call there is gone, its backend file was not rescanned)
        rescan(List.of("web/src/users.ts"), c1);
        assertEquals(List.of("web/src/other.ts"), store.getContract("c2").orElseThrow().row().frontend().stream().map(FrontendCall::file).toList(),
                "c2 loses its call from users.ts and keeps the one from other.ts");
        assertEquals(2, store.getContract("c1").orElseThrow().row().frontend().size());
        assertEquals(0L, count("SELECT count(*) FROM contracts_field WHERE contract_pk = (SELECT pk FROM contracts_contract WHERE id = 'c2') "
                + "AND position = 0"), "with its fields");
        assertCountersMatchTables();

        // c3's backend file rescanned without it: it goes at the end of the scan, whole; c4's comes back changed
        ContractRow c4 = contract("c4", HttpMethod.DELETE, "/api/users/all", ContractStatus.DISCOVERED, "web/src/admin.ts");
        rescan(List.of("server/routes/c3.py", "server/routes/c4.py"), c4);
        assertTrue(store.getContract("c3").isEmpty());
        assertEquals("/api/users/all", store.getContract("c4").orElseThrow().row().endpoint());
        assertEquals(0L, count("SELECT count(*) FROM contracts_field WHERE contract_pk NOT IN (SELECT pk FROM contracts_contract)"));
        assertEquals(0L, count("SELECT count(*) FROM contracts_mismatch WHERE contract_pk NOT IN (SELECT pk FROM contracts_contract)"));
        assertEquals(java.util.Set.of("c1", "c2", "c4"), java.util.Set.copyOf(ids(ContractQuery.builder())));
        assertCountersMatchTables();
    }

    @Test
    void ofRefusesADatabaseWithoutTheDomain() {
        try (DatabaseManager other = DatabaseManager.open(DatabaseConfig.defaults(dir.resolve("other.db")), List.of())) {
            StorageException e = assertThrows(StorageException.class, () -> ContractStore.of(other));
            assertEquals(StorageErrorCode.NOT_FOUND, e.code());
            assertTrue(e.getMessage().contains("contracts domain is not installed"), e.getMessage());
        }
    }

    @Test
    void aContractComesBackWholeWithItsPartsInOrder() {
        ContractRow c = contract("c2", HttpMethod.POST, "/api/users/list", ContractStatus.MISMATCH, "web/src/users.ts",
                mm(MismatchType.TYPE_MISMATCH, MismatchSeverity.ERROR), mm(MismatchType.MISSING_IN_BACKEND, MismatchSeverity.WARNING));
        insert(c);
        Contract got = store.getContract("c2").orElseThrow();
        assertEquals(c, got.row());
        assertFalse(got.reviewed());
        assertNull(got.statusChangedAt());
        assertNull(got.verifiedAt());
        assertTrue(store.getContract("nope").isEmpty());
        assertTrue(store.getContract(null).isEmpty());
        // normalized: one row per part
        assertEquals(2L, count("SELECT count(*) FROM contracts_frontend"));
        assertEquals(5L, count("SELECT count(*) FROM contracts_field"));
        assertEquals(2L, count("SELECT count(*) FROM contracts_mismatch"));
    }

    @Test
    void aRequestBodyIsKeptApartFromTheResponse() {
        List<ResponseField> response = List.of(new ResponseField("id", "number", false, false));
        List<ResponseField> request = List.of(new ResponseField("email", "string", false, false), new ResponseField("notify", "boolean", true, false));
        ContractRow c = new ContractRow("post", HttpMethod.POST, "/api/users", ContractStatus.DISCOVERED, 1.0,
                new BackendEndpoint("server/users.py", 3, "flask", response, request), null, null);
        insert(c);
        assertEquals(c, store.getContract("post").orElseThrow().row());
        assertEquals(request, store.getContract("post").orElseThrow().row().backend().requestFields());
        assertEquals(3L, count("SELECT count(*) FROM contracts_field"));
    }

    @Test
    void aContractWithoutFrontendCallsOrFieldsRoundTrips() {
        ContractRow c = new ContractRow("lonely", HttpMethod.HEAD, "/health", ContractStatus.DISCOVERED, 0,
                new BackendEndpoint("server/health.py", 0, null, null), null, null);
        insert(c);
        assertEquals(c, store.getContract("lonely").orElseThrow().row());
        assertEquals(List.of(), c.frontend());
        assertEquals(0L, status().get("frontend_calls"));
    }

    @Test
    void filtersEachAndTogether() {
        seed();
        assertEquals(List.of("c3", "c4", "c1", "c2"), ids(ContractQuery.builder()), "by endpoint, then method");
        assertEquals(List.of("c2"), ids(ContractQuery.builder().status(ContractStatus.MISMATCH)));
        assertEquals(List.of("c4"), ids(ContractQuery.builder().status(ContractStatus.IGNORED)));
        assertEquals(List.of("c3", "c1"), ids(ContractQuery.builder().method(HttpMethod.GET)));
        assertEquals(List.of(), ids(ContractQuery.builder().method(HttpMethod.PATCH)));
        assertEquals(List.of("c1"), ids(ContractQuery.builder().endpoint("/api/users/:id")));
        assertEquals(List.of(), ids(ContractQuery.builder().endpoint("/api/users/")));
        assertEquals(List.of("c4", "c1", "c2"), ids(ContractQuery.builder().endpointPrefix("/api/users")));
        assertEquals(List.of("c1", "c2"), ids(ContractQuery.builder().endpointPrefix("/api/users/")));
        assertEquals(List.of("c3", "c4", "c1", "c2"), ids(ContractQuery.builder().endpointPrefix("")));
        // frontend file, backend file, and a file used by every contract
        assertEquals(List.of("c1", "c2"), ids(ContractQuery.builder().file("web/src/users.ts")));
        assertEquals(List.of("c3"), ids(ContractQuery.builder().file("server/routes/c3.py")));
        assertEquals(List.of("c3", "c4", "c1", "c2"), ids(ContractQuery.builder().file("web/src/other.ts")));
        assertEquals(List.of(), ids(ContractQuery.builder().file("web/src/none.ts")));
        assertEquals(List.of("c2"), ids(ContractQuery.builder().mismatchType(MismatchType.TYPE_MISMATCH)));
        assertEquals(List.of("c3"), ids(ContractQuery.builder().mismatchType(MismatchType.OPTIONALITY_MISMATCH)));
        assertEquals(List.of(), ids(ContractQuery.builder().mismatchType(MismatchType.MISSING_IN_FRONTEND)));
        assertEquals(List.of("c3"), ids(ContractQuery.builder().severity(MismatchSeverity.WARNING)));
        assertEquals(List.of("c2"), ids(ContractQuery.builder().severity(MismatchSeverity.INFO)));
        // type and severity must hold for the same mismatch
        assertEquals(List.of(), ids(ContractQuery.builder().mismatchType(MismatchType.TYPE_MISMATCH).severity(MismatchSeverity.INFO)));
        assertEquals(List.of("c2"), ids(ContractQuery.builder().mismatchType(MismatchType.NULLABILITY_MISMATCH).severity(MismatchSeverity.INFO)));
        assertEquals(List.of("c1"), ids(ContractQuery.builder().method(HttpMethod.GET).file("web/src/users.ts")));
        assertEquals(List.of(), ids(ContractQuery.builder().status(ContractStatus.VERIFIED).endpointPrefix("/api/users")));
        // paging
        assertEquals(List.of("c4", "c1"), ids(ContractQuery.builder().limit(2).offset(1)));
        assertEquals(List.of(), ids(ContractQuery.builder().offset(4)));
        ContractSummary c2 = store.queryContracts(ContractQuery.builder().endpoint("/api/users/list").build()).get(0);
        assertEquals(new ContractSummary("c2", HttpMethod.POST, "/api/users/list", ContractStatus.MISMATCH, 0.9, "server/routes/c2.py", 2, 2), c2);
    }

    @Test
    void endpointPrefixIsLiteralAndCaseSensitive() {
        insert(bare("a", ContractStatus.DISCOVERED), bare("a%b", ContractStatus.DISCOVERED), bare("a_c", ContractStatus.DISCOVERED),
                bare("A", ContractStatus.DISCOVERED), bare("ab", ContractStatus.DISCOVERED), bare("ü\uD83D\uDE00x", ContractStatus.DISCOVERED),
                bare("ü\uD83D\uDE01", ContractStatus.DISCOVERED));
        assertEquals(List.of("a%b"), ids(ContractQuery.builder().endpointPrefix("/api/a%")));
        assertEquals(List.of("a_c"), ids(ContractQuery.builder().endpointPrefix("/api/a_")));
        assertEquals(List.of("a", "a%b", "a_c", "ab"), ids(ContractQuery.builder().endpointPrefix("/api/a")));
        assertEquals(List.of("A"), ids(ContractQuery.builder().endpointPrefix("/api/A")));
        assertEquals(List.of("ü\uD83D\uDE00x"), ids(ContractQuery.builder().endpointPrefix("/api/ü\uD83D\uDE00")));
        assertEquals(List.of("ü\uD83D\uDE00x", "ü\uD83D\uDE01"), ids(ContractQuery.builder().endpointPrefix("/api/ü")));
    }

    @Test
    void frontendCallsOfAFile() {
        seed();
        assertEquals(List.of(new FrontendCallSite("c1", HttpMethod.GET, "/api/users/:id", "web/src/users.ts", 5, "axios"),
                new FrontendCallSite("c2", HttpMethod.POST, "/api/users/list", "web/src/users.ts", 5, "axios")), store.frontendCalls("web/src/users.ts"));
        assertEquals(4, store.frontendCalls("web/src/other.ts").size());
        assertEquals(List.of(), store.frontendCalls("server/routes/c1.py"), "a backend file has no frontend calls");
    }

    @Test
    void queryOptionsAreValidated() {
        for (ContractQuery.Builder b : List.of(ContractQuery.builder().limit(0), ContractQuery.builder().limit(10_001),
                ContractQuery.builder().offset(-1))) {
            assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class, b::build).code());
        }
        assertEquals(10_000, ContractQuery.builder().limit(10_000).build().limit());
        assertEquals(50, ContractQuery.builder().build().limit());
    }

    @Test
    void severalReviewsAreAllOrNone() {
        seed(); // c1 discovered, c2 mismatch, c3 verified, c4 ignored
        StorageException unknown = assertThrows(StorageException.class,
                () -> store.updateContractStatuses(List.of("c1", "nope"), ContractStatus.VERIFIED));
        assertEquals(StorageErrorCode.NOT_FOUND, unknown.code());
        StorageException forbidden = assertThrows(StorageException.class,
                () -> store.updateContractStatuses(List.of("c4", "c2"), ContractStatus.DISCOVERED));
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, forbidden.code(), "mismatch cannot go back to discovered");
        assertEquals(byStatus(1, 1, 1, 1), status().get("by_status"), "nothing changed for a bad one among them");
        assertEquals(ContractStatus.IGNORED, store.getContract("c4").orElseThrow().row().status());
        Map<String, ContractStatus> before = store.updateContractStatuses(List.of("c1", "c2", "c1"), ContractStatus.VERIFIED);
        assertEquals(List.of("c1", "c2"), List.copyOf(before.keySet()), "in the order given, once each");
        assertEquals(ContractStatus.DISCOVERED, before.get("c1"));
        assertEquals(ContractStatus.MISMATCH, before.get("c2"));
        assertEquals(byStatus(0, 3, 0, 1), status().get("by_status"));
        assertCountersMatchTables();
    }

    @Test
    void statusSectionCountsAndStaysCurrent() {
        assertEquals(0L, status().get("contracts"));
        assertEquals(byStatus(0, 0, 0, 0), status().get("by_status"));
        seed();
        Map<String, Object> s = status();
        assertEquals(List.of("contracts", "by_status", "frontend_calls", "mismatches", "mismatches_by_severity"), new ArrayList<>(s.keySet()));
        assertEquals(4L, s.get("contracts"));
        assertEquals(byStatus(1, 1, 1, 1), s.get("by_status"));
        assertEquals(8L, s.get("frontend_calls"));
        assertEquals(3L, s.get("mismatches"));
        assertEquals(Map.of("error", 1L, "warning", 1L, "info", 1L), s.get("mismatches_by_severity"));
        assertCountersMatchTables();
        store.updateContractStatus("c1", ContractStatus.VERIFIED);
        assertEquals(byStatus(0, 2, 1, 1), status().get("by_status"));
        // replacing c2 with fewer calls and another mismatch moves every counter
        insert(bare("c2", ContractStatus.MISMATCH, mm(MismatchType.MISSING_IN_FRONTEND, MismatchSeverity.WARNING)));
        s = status();
        assertEquals(4L, s.get("contracts"));
        assertEquals(7L, s.get("frontend_calls"));
        assertEquals(Map.of("error", 0L, "warning", 2L, "info", 0L), s.get("mismatches_by_severity"));
        assertCountersMatchTables();
    }

    @Test
    void everyTransitionOfTheWorkflow() {
        Map<ContractStatus, List<ContractStatus>> allowed = Map.of(
                ContractStatus.DISCOVERED, List.of(ContractStatus.VERIFIED, ContractStatus.MISMATCH, ContractStatus.IGNORED),
                ContractStatus.MISMATCH, List.of(ContractStatus.VERIFIED, ContractStatus.IGNORED),
                ContractStatus.VERIFIED, List.of(ContractStatus.MISMATCH, ContractStatus.IGNORED),
                ContractStatus.IGNORED, List.of(ContractStatus.DISCOVERED, ContractStatus.VERIFIED));
        List<ContractRow> rows = new ArrayList<>();
        for (ContractStatus from : ContractStatus.values()) {
            for (ContractStatus to : ContractStatus.values()) {
                rows.add(bare(from.wire() + "-" + to.wire(), from));
            }
        }
        store.insertContracts(rows);
        db.batch().flushAndWait();
        for (ContractStatus from : ContractStatus.values()) {
            for (ContractStatus to : ContractStatus.values()) {
                String id = from.wire() + "-" + to.wire();
                if (from == to) {
                    assertEquals(from, store.updateContractStatus(id, to), id);
                    assertFalse(store.getContract(id).orElseThrow().reviewed(), "asking for the same status changes nothing: " + id);
                } else if (allowed.get(from).contains(to)) {
                    assertTrue(from.canChangeTo(to));
                    assertEquals(from, store.updateContractStatus(id, to), id);
                    Contract c = store.getContract(id).orElseThrow();
                    assertEquals(to, c.row().status(), id);
                    assertNotNull(c.statusChangedAt(), id);
                    assertEquals(to == ContractStatus.VERIFIED, c.verifiedAt() != null, id);
                } else {
                    assertFalse(from.canChangeTo(to));
                    StorageException e = assertThrows(StorageException.class, () -> store.updateContractStatus(id, to), id);
                    assertEquals(StorageErrorCode.INVALID_ARGUMENT, e.code());
                    assertTrue(e.getMessage().contains("cannot go from " + from.wire() + " to " + to.wire()), e.getMessage());
                    assertEquals(from, store.getContract(id).orElseThrow().row().status());
                }
            }
        }
        assertCountersMatchTables();
    }

    @Test
    void statusChangesNameUnknownIdsAndRecordTimes() {
        seed();
        StorageException e = assertThrows(StorageException.class, () -> store.updateContractStatus("nope", ContractStatus.IGNORED));
        assertEquals(StorageErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class,
                () -> store.updateContractStatus(" ", ContractStatus.IGNORED)).code());
        assertThrows(NullPointerException.class, () -> store.updateContractStatus("c1", null));
        assertEquals(ContractStatus.DISCOVERED, store.updateContractStatus("c1", ContractStatus.VERIFIED));
        Contract c1 = store.getContract("c1").orElseThrow();
        assertTrue(c1.verifiedAt().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), c1.verifiedAt());
        assertEquals(c1.verifiedAt(), c1.statusChangedAt());
        // moving on keeps the last verification time
        store.updateContractStatus("c1", ContractStatus.IGNORED);
        Contract ignored = store.getContract("c1").orElseThrow();
        assertEquals(c1.verifiedAt(), ignored.verifiedAt());
        assertTrue(ignored.statusChangedAt().compareTo(c1.verifiedAt()) >= 0);
    }

    @Test
    void reinsertReplacesPartsAndKeepsAPersonsDecision() {
        seed();
        store.updateContractStatus("c1", ContractStatus.VERIFIED);
        store.updateContractStatus("c4", ContractStatus.DISCOVERED); // a person reopened an ignored one
        // a rescan: c1 reported discovered with one call, c3 (verified by the scanner, not a person) now discovered
        ContractRow c1 = new ContractRow("c1", HttpMethod.PUT, "/api/users/:id/v2", ContractStatus.DISCOVERED, 0.4,
                new BackendEndpoint("server/x.py", 3, "flask", List.of(f("name", "string"))),
                List.of(new FrontendCall("web/a.ts", 1, null, List.of(f("name", "string")))), List.of());
        insert(c1, bare("c3", ContractStatus.DISCOVERED), bare("c4", ContractStatus.IGNORED));
        Contract got = store.getContract("c1").orElseThrow();
        assertEquals(ContractStatus.VERIFIED, got.row().status(), "the person's verification stays");
        assertTrue(got.reviewed());
        assertEquals(new ContractRow("c1", HttpMethod.PUT, "/api/users/:id/v2", ContractStatus.VERIFIED, 0.4, c1.backend(), c1.frontend(),
                List.of()), got.row(), "everything else is the new row's");
        assertEquals(ContractStatus.DISCOVERED, store.getContract("c3").orElseThrow().row().status(), "the scanner's own status follows the scanner");
        assertEquals(ContractStatus.DISCOVERED, store.getContract("c4").orElseThrow().row().status(), "the person's reopening stays");
        assertEquals(List.of("c2"), ids(ContractQuery.builder().file("web/src/users.ts")), "c1's old calls are gone");
        assertEquals(List.of(), ids(ContractQuery.builder().severity(MismatchSeverity.WARNING)), "c3's old mismatch is gone");
        // no orphans: every part belongs to a stored contract, and the old ones were deleted
        assertEquals(0L, count("SELECT count(*) FROM contracts_field f WHERE NOT EXISTS "
                + "(SELECT 1 FROM contracts_contract c WHERE c.pk = f.contract_pk)"));
        assertEquals(2L, count("SELECT count(*) FROM contracts_field f JOIN contracts_contract c ON c.pk = f.contract_pk "
                + "WHERE c.id = 'c1'"));
        assertCountersMatchTables();
    }

    @Test
    void aReportedMismatchOverridesAVerificationButNotAnIgnore() {
        seed();
        store.updateContractStatus("c1", ContractStatus.VERIFIED);
        store.updateContractStatus("c2", ContractStatus.IGNORED);
        store.updateContractStatus("c4", ContractStatus.DISCOVERED);
        store.updateContractStatus("c3", ContractStatus.MISMATCH);
        insert(bare("c1", ContractStatus.MISMATCH, mm(MismatchType.TYPE_MISMATCH, MismatchSeverity.ERROR)),
                bare("c2", ContractStatus.MISMATCH, mm(MismatchType.MISSING_IN_BACKEND, MismatchSeverity.ERROR)),
                bare("c4", ContractStatus.MISMATCH, mm(MismatchType.TYPE_MISMATCH, MismatchSeverity.INFO)),
                bare("c3", ContractStatus.VERIFIED));
        Contract c4 = store.getContract("c4").orElseThrow();
        assertEquals(ContractStatus.MISMATCH, c4.row().status(), "a reopened contract takes the reported mismatch");
        assertFalse(c4.reviewed());
        Contract c3 = store.getContract("c3").orElseThrow();
        assertEquals(ContractStatus.MISMATCH, c3.row().status(), "a person's mismatch stays though the scanner says verified");
        assertTrue(c3.reviewed());
        Contract c1 = store.getContract("c1").orElseThrow();
        assertEquals(ContractStatus.MISMATCH, c1.row().status(), "the verification no longer holds");
        assertFalse(c1.reviewed(), "the status is the scanner's again");
        assertNotNull(c1.verifiedAt(), "the last verification time is history, kept");
        Contract c2 = store.getContract("c2").orElseThrow();
        assertEquals(ContractStatus.IGNORED, c2.row().status(), "a person chose to ignore it");
        assertTrue(c2.reviewed());
        assertEquals(List.of("c2"), ids(ContractQuery.builder().mismatchType(MismatchType.MISSING_IN_BACKEND)),
                "an ignored contract's mismatches are still stored and found");
        // the scanner owns c1's status again: a clean rescan makes it discovered
        insert(bare("c1", ContractStatus.DISCOVERED));
        assertEquals(ContractStatus.DISCOVERED, store.getContract("c1").orElseThrow().row().status());
        assertCountersMatchTables();
    }

    @Test
    void aBatchWithTheSameIdTwiceKeepsTheLastRow() {
        insert(bare("d", ContractStatus.DISCOVERED), bare("e", ContractStatus.VERIFIED),
                bare("d", ContractStatus.MISMATCH, mm(MismatchType.TYPE_MISMATCH, MismatchSeverity.INFO)));
        assertEquals(ContractStatus.MISMATCH, store.getContract("d").orElseThrow().row().status());
        assertEquals(1, store.getContract("d").orElseThrow().row().mismatches().size());
        assertEquals(2L, status().get("contracts"));
        assertCountersMatchTables();
    }

    @Test
    void aBatchFailingHalfwayIsRolledBackWholeAndEarlierBatchesStay() {
        seed();
        Map<String, Object> before = status();
        Contract c1Before = store.getContract("c1").orElseThrow();
        // make the last statement of the handler (the mismatch insert) fail, after the parents were upserted
        // and the replaced parts deleted: the whole batch must go, not just that statement
        db.write(w -> {
            w.script(w.dialect() == drift.storage.api.SqlDialect.POSTGRESQL
                    ? "CREATE FUNCTION pg_temp.boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.field_path = 'boom' THEN "
                            + "RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$; CREATE TRIGGER boom BEFORE INSERT ON contracts_mismatch "
                            + "FOR EACH ROW EXECUTE FUNCTION pg_temp.boom()"
                    : "CREATE TEMP TRIGGER boom BEFORE INSERT ON contracts_mismatch WHEN NEW.field_path = 'boom' "
                            + "BEGIN SELECT RAISE(ABORT, 'boom'); END");
            return null;
        });
        store.insertContracts(List.of(bare("new1", ContractStatus.DISCOVERED), bare("c1", ContractStatus.IGNORED),
                bare("new2", ContractStatus.MISMATCH, new Mismatch("boom", MismatchType.TYPE_MISMATCH, "", MismatchSeverity.ERROR))));
        BatchFailedException e = assertThrows(BatchFailedException.class, () -> db.batch().flushAndWait());
        assertEquals(ContractStore.CONTRACT, e.rowType());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
        db.write(w -> {
            w.script(w.dialect() == drift.storage.api.SqlDialect.POSTGRESQL ? "DROP TRIGGER boom ON contracts_mismatch" : "DROP TRIGGER temp.boom");
            return null;
        });
        assertTrue(store.getContract("new1").isEmpty(), "nothing of the failed batch is written");
        assertEquals(c1Before, store.getContract("c1").orElseThrow(), "the contract it would have replaced is intact, parts and all");
        assertEquals(before, status());
        assertCountersMatchTables();
        // the writer goes on
        insert(bare("new2", ContractStatus.DISCOVERED));
        assertEquals(5L, status().get("contracts"));
        assertCountersMatchTables();
    }

    @Test
    void aBadRowIsRefusedBeforeAnythingOfItsBatchIsSubmitted() {
        seed();
        List<ContractRow> batch = new ArrayList<>();
        batch.add(bare("new1", ContractStatus.DISCOVERED));
        RowRejectedException e = assertThrows(RowRejectedException.class, () -> batch.add(new ContractRow("new2", HttpMethod.GET, "/x",
                ContractStatus.DISCOVERED, 1.5, new BackendEndpoint("a.py", 1, null, List.of()), List.of(), List.of())));
        assertEquals("confidence", e.field());
        assertEquals(StorageErrorCode.ROW_REJECTED, e.code());
        assertEquals(1, batch.size());
        assertEquals(4L, status().get("contracts"), "what was committed before stays");
    }

    @Test
    void namedQueries() {
        seed();
        assertEquals(List.of("c4", "c1", "c2"), db.query("contracts", "list", Map.of("endpoint_prefix", "/api/users")).stream()
                .map(m -> m.get("id")).toList());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("status", "mismatch");
        all.put("method", "post");
        all.put("endpoint", "/api/users/list");
        all.put("endpoint_prefix", "/api/");
        all.put("file", "web/src/users.ts");
        all.put("mismatch_type", "type_mismatch");
        all.put("severity", "error");
        all.put("limit", "5");
        all.put("offset", "0");
        List<Map<String, Object>> rows = db.query("contracts", "list", all);
        assertEquals(1, rows.size());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", "c2");
        expected.put("method", "POST");
        expected.put("endpoint", "/api/users/list");
        expected.put("status", "mismatch");
        expected.put("confidence", 0.9);
        expected.put("backend_file", "server/routes/c2.py");
        expected.put("frontend_calls", 2L);
        expected.put("mismatches", 2L);
        assertEquals(expected, rows.get(0));
        assertEquals(List.of("c1"), db.query("contracts", "list", Map.of("limit", "1", "offset", "2")).stream().map(m -> m.get("id")).toList());

        for (Map<String, String> bad : List.of(Map.of("method", "FETCH"), Map.of("status", "done"), Map.of("mismatch_type", "weird"),
                Map.of("severity", "fatal"), Map.of("limit", "ten"), Map.of("limit", "0"), Map.of("offset", "-1"))) {
            StorageException e = assertThrows(StorageException.class, () -> db.query("contracts", "list", bad), bad.toString());
            assertEquals(StorageErrorCode.INVALID_ARGUMENT, e.code(), bad.toString());
            String arg = bad.keySet().iterator().next();
            assertTrue(e.getMessage().contains(arg), e.getMessage());
        }

        Map<String, Object> c2 = db.query("contracts", "show", Map.of("id", "c2")).get(0);
        assertEquals("c2", c2.get("id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> backend = (Map<String, Object>) c2.get("backend");
        assertEquals("server/routes/c2.py", backend.get("file"));
        assertEquals(List.of(Map.of("name", "id", "type", "number", "optional", false, "nullable", false),
                Map.of("name", "email", "type", "string", "optional", false, "nullable", false)), backend.get("response_fields"));
        assertEquals(2, ((List<?>) c2.get("frontend")).size());
        assertEquals(Map.of("field_path", "email", "mismatch_type", "type_mismatch", "description", "string vs number", "severity", "error"),
                ((List<?>) c2.get("mismatches")).get(0));
        assertEquals(List.of(), db.query("contracts", "show", Map.of("id", "nope")));
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class,
                () -> db.query("contracts", "show", Map.of())).code());

        List<Map<String, Object>> calls = db.query("contracts", "calls", Map.of("file", "web/src/users.ts"));
        assertEquals(List.of("c1", "c2"), calls.stream().map(m -> m.get("contract_id")).toList());
        assertEquals(5L, calls.get(0).get("line"));
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class,
                () -> db.query("contracts", "calls", Map.of())).code());
    }

    @Test
    void clearEmptiesTheDomainAndResetsCounters() {
        seed();
        store.updateContractStatus("c1", ContractStatus.VERIFIED);
        store.clear();
        assertEquals(0L, status().get("contracts"));
        assertEquals(byStatus(0, 0, 0, 0), status().get("by_status"));
        assertEquals(0L, status().get("frontend_calls"));
        assertTrue(store.queryContracts(ContractQuery.builder().build()).isEmpty());
        for (String t : List.of("contracts_contract", "contracts_frontend", "contracts_field", "contracts_mismatch", "contracts_counts")) {
            assertEquals(0L, count("SELECT count(*) FROM " + t), t);
        }
        // a cleared store takes the same ids again; a person's decision outlives the rows it was about
        seed();
        assertTrue(store.getContract("c1").orElseThrow().reviewed());
        assertEquals(ContractStatus.VERIFIED, store.getContract("c1").orElseThrow().row().status());
        assertCountersMatchTables();
    }
}
