package drift.domain.contracts;

import drift.domain.contracts.internal.ContractsDomain;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.Fields;
import drift.storage.api.RowRejectedException;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.DatasetImporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContractStoreTest {
    @TempDir
    Path dir;
    DatabaseManager db;
    ContractStore store;

    @BeforeEach
    void open() {
        db = DatabaseManager.open(DatabaseConfig.defaults(dir.resolve("drift.db")), List.of(new ContractsDomain()));
        store = ContractStore.of(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static ResponseField f(String name, String type) {
        return new ResponseField(name, type, false, false);
    }

    static ContractRow contract(String id, HttpMethod m, String endpoint, ContractStatus s, String frontendFile, Mismatch... mismatches) {
        return new ContractRow(id, m, endpoint, s, 0.9, new BackendEndpoint("server/routes/" + id + ".py", 10, "fastapi",
                List.of(f("id", "number"), f("email", "string"))),
                List.of(new FrontendCall(frontendFile, 5, "axios", List.of(f("id", "number"))),
                        new FrontendCall("web/src/other.ts", 9, "fetch", List.of(f("email", "number")))), List.of(mismatches));
    }

    private void seed() {
        store.insertContracts(List.of(
                contract("c1", HttpMethod.GET, "/api/users/:id", ContractStatus.DISCOVERED, "web/src/users.ts"),
                contract("c2", HttpMethod.POST, "/api/users/list", ContractStatus.MISMATCH, "web/src/users.ts",
                        new Mismatch("email", MismatchType.TYPE_MISMATCH, "string vs number", MismatchSeverity.ERROR)),
                contract("c3", HttpMethod.GET, "/api/orders/search", ContractStatus.VERIFIED, "web/src/orders.ts",
                        new Mismatch("total", MismatchType.OPTIONALITY_MISMATCH, "", MismatchSeverity.WARNING))));
        db.batch().flushAndWait();
    }

    @Test
    void nestedPartsAreStoredAndQueryable() {
        seed();
        Contract c2 = store.getContract("c2").orElseThrow();
        assertEquals(2, c2.row().frontend().size());
        assertEquals(List.of(f("id", "number")), c2.row().frontend().get(0).responseFields());
        assertEquals(List.of(f("id", "number"), f("email", "string")), c2.row().backend().responseFields());
        assertEquals(MismatchType.TYPE_MISMATCH, c2.row().mismatches().get(0).type());
        assertEquals(List.of("c2"), ids(ContractQuery.builder().mismatchType(MismatchType.TYPE_MISMATCH).build()));
        assertEquals(List.of("c1", "c2"), ids(ContractQuery.builder().file("web/src/users.ts").build()));
        assertEquals(List.of("c3"), ids(ContractQuery.builder().file("server/routes/c3.py").build()));
        assertEquals(List.of("c1"), ids(ContractQuery.builder().endpoint("/api/users/:id").build()));
        assertEquals(List.of("c1", "c2"), ids(ContractQuery.builder().endpointPrefix("/api/users/").build()));
        assertEquals(List.of("c3"), ids(ContractQuery.builder().severity(MismatchSeverity.WARNING).build()));
        assertEquals(List.of("c1", "c3"), ids(ContractQuery.builder().method(HttpMethod.GET).build()).stream().sorted().toList());
        assertEquals(List.of("c2"), ids(ContractQuery.builder().status(ContractStatus.MISMATCH).build()));
        assertEquals(1, store.queryContracts(ContractQuery.builder().limit(1).offset(1).build()).size());
        Map<String, Object> s = db.status().sections().get("contracts");
        assertEquals(3L, s.get("contracts"));
        assertEquals(Map.of("discovered", 1L, "verified", 1L, "mismatch", 1L, "ignored", 0L), s.get("by_status"));
        assertEquals(Map.of("error", 1L, "warning", 1L, "info", 0L), s.get("mismatches_by_severity"));
        assertEquals(6L, s.get("frontend_calls"));
    }

    private List<String> ids(ContractQuery q) {
        return store.queryContracts(q).stream().map(ContractSummary::id).toList();
    }

    @Test
    void statusWorkflowAndReinsertKeepsADecision() {
        seed();
        assertEquals(ContractStatus.DISCOVERED, store.updateContractStatus("c1", ContractStatus.VERIFIED));
        assertNotNull(store.getContract("c1").orElseThrow().verifiedAt());
        StorageException e = assertThrows(StorageException.class, () -> store.updateContractStatus("c3", ContractStatus.DISCOVERED));
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("cannot go from verified to discovered"), e.getMessage());
        assertEquals(StorageErrorCode.NOT_FOUND, assertThrows(StorageException.class,
                () -> store.updateContractStatus("nope", ContractStatus.IGNORED)).code());
        // a rescan reports c1 as discovered again, with one frontend call: the person's decision stays, parts are replaced
        store.insertContracts(List.of(new ContractRow("c1", HttpMethod.GET, "/api/users/:id", ContractStatus.DISCOVERED, 0.5,
                new BackendEndpoint("server/x.py", 1, null, List.of()), List.of(new FrontendCall("web/a.ts", 1, null, List.of())), List.of())));
        db.batch().flushAndWait();
        Contract c1 = store.getContract("c1").orElseThrow();
        assertEquals(ContractStatus.VERIFIED, c1.row().status());
        assertEquals(1, c1.row().frontend().size());
        Map<String, Object> s = db.status().sections().get("contracts");
        assertEquals(3L, s.get("contracts"));
        assertEquals(Map.of("discovered", 0L, "verified", 2L, "mismatch", 1L, "ignored", 0L), s.get("by_status"));
        assertEquals(5L, s.get("frontend_calls"));
    }

    @Test
    void badRowsNameTheNestedField() {
        DatasetImporter<?> importer = db.importers().get(0);
        Map<String, Object> good = Map.of("id", "c9", "method", "GET", "endpoint", "/x", "status", "discovered", "confidence", 0.5,
                "backend", Map.of("file", "a.py", "line", 1, "response_fields", List.of()),
                "frontend", List.of(Map.of("file", "a.ts", "line", 1, "response_fields", List.of()),
                        Map.of("file", "b.ts", "line", 2, "response_fields", List.of(Map.of("type", "string")))));
        RowRejectedException e = assertThrows(RowRejectedException.class, () -> importer.parser().parse(Fields.of(good)));
        assertEquals("frontend[1].response_fields[0].name", e.field());
        Map<String, Object> badMethod = new java.util.HashMap<>(good);
        badMethod.put("method", "FETCH");
        assertEquals("method", assertThrows(RowRejectedException.class, () -> importer.parser().parse(Fields.of(badMethod))).field());
        Map<String, Object> noEndpoint = new java.util.HashMap<>(good);
        noEndpoint.remove("endpoint");
        assertEquals("endpoint", assertThrows(RowRejectedException.class, () -> importer.parser().parse(Fields.of(noEndpoint))).field());
        Map<String, Object> badMismatch = new java.util.HashMap<>(good);
        badMismatch.put("frontend", List.of());
        badMismatch.put("mismatches", List.of(Map.of("field_path", "x", "mismatch_type", "weird", "severity", "error")));
        assertEquals("mismatches[0].mismatch_type", assertThrows(RowRejectedException.class,
                () -> importer.parser().parse(Fields.of(badMismatch))).field());
        assertEquals("confidence", assertThrows(RowRejectedException.class, () -> new ContractRow("x", HttpMethod.GET, "/x",
                ContractStatus.DISCOVERED, Double.NaN, new BackendEndpoint("a", 1, null, List.of()), List.of(), List.of())).field());
    }

    @Test
    void namedQueriesAndClear() {
        seed();
        assertEquals(2, db.query("contracts", "list", Map.of("endpoint_prefix", "/api/users")).size());
        assertEquals(1, db.query("contracts", "show", Map.of("id", "c2")).size());
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class,
                () -> db.query("contracts", "list", Map.of("method", "FETCH"))).code());
        store.clear();
        assertEquals(0L, db.status().sections().get("contracts").get("contracts"));
        assertTrue(store.queryContracts(ContractQuery.builder().build()).isEmpty());
    }
}
