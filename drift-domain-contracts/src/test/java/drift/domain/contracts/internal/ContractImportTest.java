package drift.domain.contracts.internal;

import drift.domain.contracts.BackendEndpoint;
import drift.domain.contracts.ContractRow;
import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.ContractStore;
import drift.domain.contracts.FrontendCall;
import drift.domain.contracts.HttpMethod;
import drift.domain.contracts.Mismatch;
import drift.domain.contracts.MismatchSeverity;
import drift.domain.contracts.MismatchType;
import drift.domain.contracts.ResponseField;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.Fields;
import drift.storage.api.RowRejectedException;
import drift.storage.api.spi.DatasetImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** contracts.ndjson lines, parsed as the CLI does (Jackson, then {@link Fields}), into rows; errors name nested paths. */
class ContractImportTest {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    /** A line in the shape gen_dataset.py writes. */
    static final String LINE = """
            {"id":"con-000001","method":"PUT","endpoint":"/api/route/:id/parse","status":"mismatch","confidence":0.2017,\
            "backend":{"file":"server/routes/r071.py","line":451,"framework":"spring","response_fields":[\
            {"name":"product","type":"array","optional":false,"nullable":false},\
            {"name":"error","type":"number","optional":true,"nullable":false}]},\
            "frontend":[{"file":"web/src/api/client127.ts","line":99,"library":"fetch","response_fields":[\
            {"name":"error","type":"string","optional":true,"nullable":true}]},\
            {"file":"web/src/api/client116.ts","line":275,"library":"react-query","response_fields":[]}],\
            "mismatches":[{"field_path":"error","mismatch_type":"type_mismatch","description":"number vs string","severity":"error"}]}""";

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        return JSON.readValue(text, Map.class);
    }

    static ContractRow parse(String text) {
        return ContractParser.contract(Fields.of(json(text)));
    }

    /** The line with {@code from} replaced by {@code to} (which must occur). */
    static String with(String from, String to) {
        if (!LINE.contains(from)) {
            throw new IllegalArgumentException(from);
        }
        return LINE.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    static void rejected(String field, String text) {
        RowRejectedException e = assertThrows(RowRejectedException.class, () -> parse(text), text);
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void theImporterIsRegistered() {
        try (DatabaseManager db = DatabaseManager.open(DatabaseConfig.defaults(dir.resolve("drift.db")), List.of(new ContractsDomain()))) {
            DatasetImporter<?> importer = db.importers().get(0);
            assertEquals("contracts.ndjson", importer.fileName());
            assertEquals(60, importer.order());
            assertEquals(ContractStore.CONTRACT, importer.type());
            assertEquals(parse(LINE), importer.parser().parse(Fields.of(json(LINE))));
        }
    }

    @Test
    void aLineBecomesTheWholeRow() {
        ContractRow expected = new ContractRow("con-000001", HttpMethod.PUT, "/api/route/:id/parse", ContractStatus.MISMATCH, 0.2017,
                new BackendEndpoint("server/routes/r071.py", 451, "spring", List.of(new ResponseField("product", "array", false, false),
                        new ResponseField("error", "number", true, false))),
                List.of(new FrontendCall("web/src/api/client127.ts", 99, "fetch", List.of(new ResponseField("error", "string", true, true))),
                        new FrontendCall("web/src/api/client116.ts", 275, "react-query", List.of())),
                List.of(new Mismatch("error", MismatchType.TYPE_MISMATCH, "number vs string", MismatchSeverity.ERROR)));
        assertEquals(expected, parse(LINE));
    }

    @Test
    void optionalPartsMayBeAbsent() {
        ContractRow r = parse("""
                {"id":"c","method":"get","endpoint":"/x","status":"discovered","confidence":1,"backend":{"file":"a.py","line":3}}""");
        assertEquals(HttpMethod.GET, r.method());
        assertEquals(List.of(), r.frontend());
        assertEquals(List.of(), r.mismatches());
        assertEquals(List.of(), r.backend().responseFields());
        assertEquals(null, r.backend().framework());
        ContractRow f = parse("""
                {"id":"c","method":"GET","endpoint":"/x","status":"discovered","confidence":0,"backend":{"file":"a.py","line":3,\
                "response_fields":[{"name":"n","type":"string"}]},"frontend":null,\
                "mismatches":[{"field_path":"n","mismatch_type":"missing_in_backend","severity":"info"}]}""");
        assertEquals(new ResponseField("n", "string", false, false), f.backend().responseFields().get(0));
        assertEquals("", f.mismatches().get(0).description());
        assertEquals(List.of(), f.backend().requestFields());
    }

    @Test
    void aBackendMayNameItsRequestBodysFields() {
        ContractRow r = parse(with("\"framework\":\"spring\",", "\"framework\":\"spring\",\"request_fields\":[{\"name\":\"q\",\"type\":\"string\"}],"));
        assertEquals(List.of(new ResponseField("q", "string", false, false)), r.backend().requestFields());
        rejected("backend.request_fields[0].type", with("\"framework\":\"spring\",", "\"framework\":\"spring\",\"request_fields\":[{\"name\":\"q\"}],"));
    }

    @Test
    void badTopLevelFields() {
        rejected("id", with("\"id\":\"con-000001\",", ""));
        rejected("id", with("\"con-000001\"", "\"\""));
        rejected("method", with("\"PUT\"", "\"FETCH\""));
        rejected("method", with("\"PUT\"", "7"));
        rejected("endpoint", with("\"endpoint\":\"/api/route/:id/parse\",", ""));
        rejected("endpoint", with("\"/api/route/:id/parse\"", "\"  \""));
        rejected("status", with("\"status\":\"mismatch\"", "\"status\":\"done\""));
        rejected("status", with("\"status\":\"mismatch\",", ""));
        rejected("confidence", with("0.2017", "1.5"));
        rejected("confidence", with("0.2017", "-0.1"));
        rejected("confidence", with("0.2017", "\"high\""));
        rejected("backend", with("\"backend\":{", "\"backend\":null,\"x\":{"));
        rejected("backend", with("\"backend\":{\"file\":\"server/routes/r071.py\",\"line\":451,\"framework\":\"spring\",", "\"backend\":7,\"y\":{"));
        rejected("frontend", with("\"frontend\":[", "\"frontend\":\"web/a.ts\",\"unused\":["));
        rejected("frontend[0]", with("\"frontend\":[", "\"frontend\":[\"web/a.ts\","));
    }

    @Test
    void badNestedFieldsNameTheirPath() {
        rejected("backend.file", with("\"file\":\"server/routes/r071.py\",", ""));
        rejected("backend.file", with("\"server/routes/r071.py\"", "\" \""));
        rejected("backend.line", with("\"line\":451", "\"line\":-1"));
        rejected("backend.line", with("\"line\":451", "\"line\":4.5"));
        rejected("backend.response_fields[1].type", with("\"type\":\"number\",", ""));
        rejected("backend.response_fields[0].optional", with("\"optional\":false", "\"optional\":\"no\""));
        rejected("frontend[0].file", with("\"file\":\"web/src/api/client127.ts\",", ""));
        rejected("frontend[1].file", with("\"web/src/api/client116.ts\"", "\"\""));
        rejected("frontend[1].line", with("\"line\":275", "\"line\":-275"));
        rejected("frontend[0].response_fields[0].name", with("{\"name\":\"error\",\"type\":\"string\"", "{\"type\":\"string\""));
        rejected("frontend[0].response_fields[0].name", with("{\"name\":\"error\",\"type\":\"string\"", "{\"name\":\" \",\"type\":\"string\""));
        rejected("frontend[0].response_fields[0]", with("{\"name\":\"error\",\"type\":\"string\",\"optional\":true,\"nullable\":true}", "\"error\""));
        rejected("mismatches[0].mismatch_type", with("\"type_mismatch\"", "\"weird\""));
        rejected("mismatches[0].severity", with("\"severity\":\"error\"", "\"severity\":\"fatal\""));
        rejected("mismatches[0].severity", with(",\"severity\":\"error\"", ""));
        rejected("mismatches[0].field_path", with("\"field_path\":\"error\",", ""));
    }
}
