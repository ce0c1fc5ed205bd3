package drift.domain.contracts.internal;

import drift.domain.contracts.BackendEndpoint;
import drift.domain.contracts.ContractRow;
import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.FrontendCall;
import drift.domain.contracts.HttpMethod;
import drift.domain.contracts.Mismatch;
import drift.domain.contracts.MismatchSeverity;
import drift.domain.contracts.MismatchType;
import drift.domain.contracts.ResponseField;
import drift.storage.api.Fields;
import drift.storage.api.RowRejectedException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * contracts.ndjson records into {@link ContractRow}s. Every error names the full path of the field, e.g.
 * {@code frontend[1].response_fields[0].name}: nested objects come from {@link Fields#object}/{@link
 * Fields#objects}, which know their path, and a record constructor's own error (relative to the record)
 * is re-raised at that path.
 */
final class ContractParser {
    private ContractParser() {
    }

    static ContractRow contract(Fields f) {
        String id = f.string("id");
        HttpMethod method = enumOf(f, "method", HttpMethod::parse);
        String endpoint = f.string("endpoint");
        ContractStatus status = enumOf(f, "status", ContractStatus::parse);
        double confidence = f.number("confidence");
        BackendEndpoint backend = backend(f.object("backend"));
        List<FrontendCall> frontend = new ArrayList<>();
        for (Fields x : f.objects("frontend")) {
            frontend.add(frontendCall(x));
        }
        List<Mismatch> mismatches = new ArrayList<>();
        for (Fields x : f.objects("mismatches")) {
            mismatches.add(mismatch(x));
        }
        return at(f, () -> new ContractRow(id, method, endpoint, status, confidence, backend, frontend, mismatches));
    }

    private static BackendEndpoint backend(Fields b) {
        String file = b.string("file");
        long line = b.integer("line");
        String framework = b.optString("framework");
        List<ResponseField> fields = fields(b, "response_fields");
        List<ResponseField> request = fields(b, "request_fields");
        return at(b, () -> new BackendEndpoint(file, line, framework, fields, request));
    }

    private static FrontendCall frontendCall(Fields x) {
        String file = x.string("file");
        long line = x.integer("line");
        String library = x.optString("library");
        List<ResponseField> fields = fields(x, "response_fields");
        return at(x, () -> new FrontendCall(file, line, library, fields));
    }

    private static Mismatch mismatch(Fields m) {
        String path = m.string("field_path");
        MismatchType type = enumOf(m, "mismatch_type", MismatchType::parse);
        String description = m.optString("description");
        MismatchSeverity severity = enumOf(m, "severity", MismatchSeverity::parse);
        return at(m, () -> new Mismatch(path, type, description, severity));
    }

    private static List<ResponseField> fields(Fields parent, String key) {
        List<ResponseField> out = new ArrayList<>();
        for (Fields x : parent.objects(key)) {
            String name = x.string("name");
            String type = x.string("type");
            boolean optional = x.bool("optional", false);
            boolean nullable = x.bool("nullable", false);
            out.add(at(x, () -> new ResponseField(name, type, optional, nullable)));
        }
        return out;
    }

    /** Builds a record of {@code f}'s object, placing the record's own (relative) error at {@code f}'s path. */
    private static <T> T at(Fields f, Supplier<T> build) {
        try {
            return build.get();
        } catch (RowRejectedException e) {
            throw e.field() == null ? e : f.reject(e.field(), e.reason());
        }
    }

    /** Parses an enum field, re-raising the error at the field's full path. */
    private static <E> E enumOf(Fields f, String name, BiFunction<String, String, E> parse) {
        String v = f.string(name);
        try {
            return parse.apply(name, v);
        } catch (RowRejectedException e) {
            throw f.reject(name, e.reason());
        }
    }
}
