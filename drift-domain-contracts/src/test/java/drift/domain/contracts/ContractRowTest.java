package drift.domain.contracts;

import drift.storage.api.RowRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The row records refuse bad values with errors that name the field. */
class ContractRowTest {
    static final BackendEndpoint BACKEND = new BackendEndpoint("server/a.py", 1, null, List.of());

    private static void rejected(String field, Executable build) {
        RowRejectedException e = assertThrows(RowRejectedException.class, build);
        assertEquals(field, e.field());
        assertEquals(-1, e.rowIndex());
        assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
    }

    private static ContractRow row(String id, HttpMethod m, String endpoint, ContractStatus s, double confidence) {
        return new ContractRow(id, m, endpoint, s, confidence, BACKEND, List.of(), List.of());
    }

    @Test
    void contractFields() {
        rejected("id", () -> row(null, HttpMethod.GET, "/x", ContractStatus.DISCOVERED, 0.5));
        rejected("id", () -> row(" ", HttpMethod.GET, "/x", ContractStatus.DISCOVERED, 0.5));
        rejected("method", () -> row("a", null, "/x", ContractStatus.DISCOVERED, 0.5));
        rejected("endpoint", () -> row("a", HttpMethod.GET, null, ContractStatus.DISCOVERED, 0.5));
        rejected("endpoint", () -> row("a", HttpMethod.GET, "", ContractStatus.DISCOVERED, 0.5));
        rejected("status", () -> row("a", HttpMethod.GET, "/x", null, 0.5));
        for (double bad : new double[] {Double.NaN, -0.01, 1.01, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            rejected("confidence", () -> row("a", HttpMethod.GET, "/x", ContractStatus.DISCOVERED, bad));
        }
        rejected("backend", () -> new ContractRow("a", HttpMethod.GET, "/x", ContractStatus.DISCOVERED, 0.5, null, List.of(), List.of()));
        assertEquals(0.0, row("a", HttpMethod.GET, "/x", ContractStatus.DISCOVERED, 0).confidence());
        assertEquals(1.0, row("a", HttpMethod.GET, "/x", ContractStatus.DISCOVERED, 1).confidence());
    }

    @Test
    void nullElementsAreNamedByTheirPlace() {
        FrontendCall call = new FrontendCall("web/a.ts", 1, null, List.of());
        rejected("frontend[1]", () -> new ContractRow("a", HttpMethod.GET, "/x", ContractStatus.DISCOVERED, 0.5, BACKEND,
                Arrays.asList(call, null), List.of()));
        rejected("mismatches[0]", () -> new ContractRow("a", HttpMethod.GET, "/x", ContractStatus.DISCOVERED, 0.5, BACKEND,
                List.of(), Arrays.asList((Mismatch) null)));
        rejected("response_fields[0]", () -> new FrontendCall("web/a.ts", 1, null, Arrays.asList((ResponseField) null)));
        rejected("response_fields[1]", () -> new BackendEndpoint("a.py", 1, null,
                Arrays.asList(new ResponseField("a", "string", false, false), null)));
    }

    @Test
    void listsAreCopied() {
        List<FrontendCall> calls = new ArrayList<>(List.of(new FrontendCall("web/a.ts", 1, null, null)));
        ContractRow r = new ContractRow("a", HttpMethod.GET, "/x", ContractStatus.DISCOVERED, 0.5, BACKEND, calls, null);
        calls.clear();
        assertEquals(1, r.frontend().size());
        assertEquals(List.of(), r.mismatches());
        assertEquals(List.of(), r.frontend().get(0).responseFields());
        assertThrows(UnsupportedOperationException.class, () -> r.frontend().clear());
    }

    @Test
    void nestedFields() {
        rejected("file", () -> new BackendEndpoint(null, 1, null, List.of()));
        rejected("line", () -> new BackendEndpoint("a.py", -1, null, List.of()));
        rejected("file", () -> new FrontendCall(" ", 1, null, List.of()));
        rejected("line", () -> new FrontendCall("a.ts", -5, null, List.of()));
        rejected("name", () -> new ResponseField(null, "string", false, false));
        rejected("name", () -> new ResponseField("", "string", false, false));
        rejected("type", () -> new ResponseField("a", " ", false, false));
        rejected("field_path", () -> new Mismatch(null, MismatchType.TYPE_MISMATCH, "", MismatchSeverity.INFO));
        rejected("mismatch_type", () -> new Mismatch("a", null, "", MismatchSeverity.INFO));
        rejected("severity", () -> new Mismatch("a", MismatchType.TYPE_MISMATCH, "", null));
        assertEquals("", new Mismatch("a", MismatchType.TYPE_MISMATCH, null, MismatchSeverity.INFO).description());
    }

    @Test
    void enumsParseTheirWireFormAndNameTheField() {
        assertEquals(HttpMethod.PATCH, HttpMethod.parse("method", "patch"));
        assertEquals(ContractStatus.MISMATCH, ContractStatus.parse("status", "mismatch"));
        assertEquals(MismatchType.NULLABILITY_MISMATCH, MismatchType.parse("t", "nullability_mismatch"));
        assertEquals(MismatchSeverity.WARNING, MismatchSeverity.parse("s", "warning"));
        rejected("method", () -> HttpMethod.parse("method", "FETCH"));
        rejected("method", () -> HttpMethod.parse("method", null));
        rejected("status", () -> ContractStatus.parse("status", "Verified"));
        rejected("x.mismatch_type", () -> MismatchType.parse("x.mismatch_type", "type-mismatch"));
        rejected("severity", () -> MismatchSeverity.parse("severity", "fatal"));
    }

    @Test
    void theWorkflowAsDocumented() {
        assertEquals(Set.of(ContractStatus.VERIFIED, ContractStatus.MISMATCH, ContractStatus.IGNORED), ContractStatus.DISCOVERED.next());
        assertEquals(Set.of(ContractStatus.VERIFIED, ContractStatus.IGNORED), ContractStatus.MISMATCH.next());
        assertEquals(Set.of(ContractStatus.MISMATCH, ContractStatus.IGNORED), ContractStatus.VERIFIED.next());
        assertEquals(Set.of(ContractStatus.DISCOVERED, ContractStatus.VERIFIED), ContractStatus.IGNORED.next());
    }
}
