package drift.domain.contracts.internal;

import drift.domain.contracts.BackendEndpoint;
import drift.domain.contracts.Contract;
import drift.domain.contracts.ContractQuery;
import drift.domain.contracts.ContractRow;
import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.ContractStore;
import drift.domain.contracts.ContractSummary;
import drift.domain.contracts.FrontendCall;
import drift.domain.contracts.HttpMethod;
import drift.domain.contracts.Mismatch;
import drift.domain.contracts.MismatchSeverity;
import drift.domain.contracts.MismatchType;
import drift.domain.contracts.ResponseField;
import drift.storage.api.Fields;
import drift.storage.api.RowRejectedException;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.DatasetImporter;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.StorageDomain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** The contracts domain: schema, batch handler, importer, named queries, status and clearing. */
public final class ContractsDomain implements StorageDomain {
    /** The domain id, also the prefix of its tables. */
    public static final String ID = "contracts";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "API contracts between backend endpoints and frontend calls, with their mismatches";
    }

    @Override
    public void contribute(DomainRegistrar r) {
        r.migration(Migration.load(getClass()::getResourceAsStream, 1, "contracts, frontend calls, fields, mismatches", "V1__contracts.sql"));
        r.rows(ContractStore.CONTRACT, ContractWrites::write);
        r.importer(new DatasetImporter<>("contracts.ndjson", 60, ContractStore.CONTRACT, ContractsDomain::contract));
        r.status(ContractReads::status);
        r.clear(ContractWrites::clear);
        r.query(new NamedQuery("list", "contracts by filters, by endpoint", List.of("status", "method", "endpoint", "endpoint_prefix",
                "file", "mismatch_type", "severity", "limit", "offset"), (reader, a) -> ContractReads.query(reader, query(a)).stream()
                .map(ContractsDomain::summary).toList()));
        r.query(new NamedQuery("show", "one contract whole", List.of("id"), (reader, a) -> {
            String id = a.get("id");
            if (id == null) {
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "argument 'id' is required");
            }
            return ContractReads.contract(reader, id).map(c -> List.of(whole(c))).orElse(List.of());
        }));
    }

    /** Parses one record; nested errors name their path, e.g. {@code frontend[1].response_fields[0].name}. */
    static ContractRow contract(Fields f) {
        Fields b = f.object("backend");
        return new ContractRow(f.string("id"), enumOf(f, "method", HttpMethod::parse), f.string("endpoint"),
                enumOf(f, "status", ContractStatus::parse), f.number("confidence"),
                new BackendEndpoint(b.string("file"), b.integer("line"), b.optString("framework"), fields(b)),
                f.objects("frontend").stream().map(x -> new FrontendCall(x.string("file"), x.integer("line"), x.optString("library"),
                        fields(x))).toList(),
                f.objects("mismatches").stream().map(m -> new Mismatch(m.string("field_path"), enumOf(m, "mismatch_type", MismatchType::parse),
                        m.optString("description"), enumOf(m, "severity", MismatchSeverity::parse))).toList());
    }

    private static List<ResponseField> fields(Fields parent) {
        return parent.objects("response_fields").stream().map(x -> new ResponseField(x.string("name"), x.string("type"),
                x.bool("optional", false), x.bool("nullable", false))).toList();
    }

    /** Parses an enum field, re-raising the error with the field's full path. */
    private static <E> E enumOf(Fields f, String name, BiFunction<String, String, E> parse) {
        String v = f.string(name);
        try {
            return parse.apply(name, v);
        } catch (RowRejectedException e) {
            throw f.reject(name, e.reason());
        }
    }

    static ContractQuery query(Map<String, String> a) {
        ContractQuery.Builder b = ContractQuery.builder();
        try {
            if (a.get("status") != null) {
                b.status(ContractStatus.parse("status", a.get("status")));
            }
            if (a.get("method") != null) {
                b.method(HttpMethod.parse("method", a.get("method")));
            }
            if (a.get("mismatch_type") != null) {
                b.mismatchType(MismatchType.parse("mismatch_type", a.get("mismatch_type")));
            }
            if (a.get("severity") != null) {
                b.severity(MismatchSeverity.parse("severity", a.get("severity")));
            }
        } catch (RowRejectedException e) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
        b.endpoint(a.get("endpoint")).endpointPrefix(a.get("endpoint_prefix")).file(a.get("file"));
        try {
            if (a.get("limit") != null) {
                b.limit(Integer.parseInt(a.get("limit")));
            }
            if (a.get("offset") != null) {
                b.offset(Integer.parseInt(a.get("offset")));
            }
        } catch (NumberFormatException e) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "limit and offset must be whole numbers");
        }
        return b.build();
    }

    private static Map<String, Object> summary(ContractSummary c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("method", c.method().name());
        m.put("endpoint", c.endpoint());
        m.put("status", c.status().wire());
        m.put("confidence", c.confidence());
        m.put("backend_file", c.backendFile());
        m.put("frontend_calls", c.frontendCalls());
        m.put("mismatches", c.mismatches());
        return m;
    }

    private static Map<String, Object> whole(Contract c) {
        ContractRow r = c.row();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("method", r.method().name());
        m.put("endpoint", r.endpoint());
        m.put("status", r.status().wire());
        m.put("confidence", r.confidence());
        m.put("status_changed_at", c.statusChangedAt());
        m.put("verified_at", c.verifiedAt());
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("file", r.backend().file());
        backend.put("line", r.backend().line());
        backend.put("framework", r.backend().framework());
        backend.put("response_fields", r.backend().responseFields().stream().map(ContractsDomain::field).toList());
        m.put("backend", backend);
        m.put("frontend", r.frontend().stream().map(f -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("file", f.file());
            x.put("line", f.line());
            x.put("library", f.library());
            x.put("response_fields", f.responseFields().stream().map(ContractsDomain::field).toList());
            return x;
        }).toList());
        m.put("mismatches", r.mismatches().stream().map(x -> {
            Map<String, Object> y = new LinkedHashMap<>();
            y.put("field_path", x.fieldPath());
            y.put("mismatch_type", x.type().wire());
            y.put("description", x.description());
            y.put("severity", x.severity().wire());
            return y;
        }).toList());
        return m;
    }

    private static Map<String, Object> field(ResponseField f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("type", f.type());
        m.put("optional", f.optional());
        m.put("nullable", f.nullable());
        return m;
    }
}
