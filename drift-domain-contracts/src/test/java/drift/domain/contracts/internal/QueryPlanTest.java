package drift.domain.contracts.internal;

import drift.domain.contracts.ContractQuery;
import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.HttpMethod;
import drift.domain.contracts.MismatchSeverity;
import drift.domain.contracts.MismatchType;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every filter and every part read is served by an index: no plan scans a table. */
class QueryPlanTest {
    @TempDir
    Path dir;

    private static String plan(DatabaseManager db, String sql, Object... params) {
        List<String> lines = db.read(r -> r.list("EXPLAIN QUERY PLAN " + sql, row -> row.getString("detail"), params));
        return String.join("\n", lines);
    }

    /** A search on a key or index; a SCAN only over an index (method alone walks the endpoint index in page order). */
    private static void assertIndexed(String what, String plan) {
        assertFalse(plan.contains("SCAN contracts_") || plan.matches("(?s).*SCAN [a-z]\\b(?! USING INDEX).*"),
                what + " scans a table:\n" + plan);
        assertTrue(plan.contains("USING"), what + ":\n" + plan);
    }

    @Test
    void listFiltersUseIndexes() {
        try (DatabaseManager db = DatabaseManager.open(DatabaseConfig.defaults(dir.resolve("drift.db")), List.of(new ContractsDomain()))) {
            List<ContractQuery> queries = List.of(
                    ContractQuery.builder().status(ContractStatus.MISMATCH).build(),
                    ContractQuery.builder().endpoint("/api/x").build(),
                    ContractQuery.builder().endpointPrefix("/api/").build(),
                    ContractQuery.builder().file("web/a.ts").build(),
                    ContractQuery.builder().mismatchType(MismatchType.TYPE_MISMATCH).build(),
                    ContractQuery.builder().severity(MismatchSeverity.ERROR).build(),
                    ContractQuery.builder().mismatchType(MismatchType.TYPE_MISMATCH).severity(MismatchSeverity.ERROR).build(),
                    ContractQuery.builder().method(HttpMethod.GET).build());
            for (ContractQuery q : queries) {
                ContractReads.Statement s = ContractReads.listStatement(q);
                assertIndexed(q.toString(), plan(db, s.sql(), s.params().toArray()));
            }
            assertIndexed("head", plan(db, ContractReads.HEAD, "x"));
            assertIndexed("fields", plan(db, ContractReads.FIELDS, 1L));
            assertIndexed("frontends", plan(db, ContractReads.FRONTENDS, 1L));
            assertIndexed("mismatches", plan(db, ContractReads.MISMATCHES, 1L));
            assertIndexed("calls in file", plan(db, ContractReads.CALLS_IN_FILE, "web/a.ts"));
            String file = plan(db, ContractReads.listStatement(ContractQuery.builder().file("web/a.ts").build()).sql(), "web/a.ts", "web/a.ts", 50, 0);
            assertTrue(file.contains("contracts_contract_backend_file") && file.contains("contracts_frontend_file"), file);
            String severity = plan(db, ContractReads.listStatement(ContractQuery.builder().severity(MismatchSeverity.ERROR).build()).sql(),
                    ContractReads.listStatement(ContractQuery.builder().severity(MismatchSeverity.ERROR).build()).params().toArray());
            assertTrue(severity.contains("contracts_mismatch_type"), severity);
        }
    }

    @Test
    void upperBoundOfAPrefix() {
        assertEquals("/api0", ContractReads.upperBound("/api/"));
        assertEquals("b", ContractReads.upperBound("a"));
        assertEquals("\uD83D\uDE01", ContractReads.upperBound("\uD83D\uDE00"), "a supplementary code point, not a lone surrogate");
        assertEquals("\uE000", ContractReads.upperBound("\uD7FF"), "skips the surrogate range");
        assertEquals("a\uFFFF", ContractReads.upperBound("a\uFFFE"));
        assertEquals("b", ContractReads.upperBound("a" + new String(Character.toChars(Character.MAX_CODE_POINT))));
        assertNull(ContractReads.upperBound(""));
        assertNull(ContractReads.upperBound(new String(Character.toChars(Character.MAX_CODE_POINT))));
    }
}
