package drift.domain.contracts.internal;

import drift.domain.contracts.Contract;
import drift.domain.contracts.ContractQuery;
import drift.domain.contracts.ContractRow;
import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.ContractStore;
import drift.domain.contracts.ContractSummary;
import drift.domain.contracts.FrontendCallSite;
import drift.domain.contracts.HttpMethod;
import drift.domain.contracts.MismatchSeverity;
import drift.domain.contracts.MismatchType;
import drift.domain.contracts.ResponseField;
import drift.storage.api.RowRejectedException;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.DatasetImporter;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.RowFiles;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.TableScope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The contracts domain: schema, batch handler, importer (contracts.ndjson, order 60), named queries
 * ({@code list}, {@code show}, {@code calls}), status section and clearing.
 */
public final class ContractsDomain implements StorageDomain {
    /** The domain id, also the prefix of its tables. */
    public static final String ID = ContractStore.DOMAIN;
    /** Import order of contracts.ndjson: after everything else, nothing refers to contracts. */
    static final int IMPORT_ORDER = 60;

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
        // each dialect's migrations in its own folder; PostgreSQL's version 1 is SQLite's schema after version 2
        String dir = r.dialect().folder() + "/";
        r.migration(Migration.load(getClass()::getResourceAsStream, 1, "contracts, frontend calls, fields, mismatches", dir + "V1__contracts.sql"));
        r.migration(Migration.load(getClass()::getResourceAsStream, 2, "review decisions apart from contracts", dir + "V2__decisions.sql"));
        r.migration(Migration.load(getClass()::getResourceAsStream, 3, "contracts kept by the scan that reports them unchanged",
                dir + "V3__kept_contracts.sql"));
        r.rows(ContractStore.CONTRACT, ContractWrites::write);
        // a contract belongs to its backend's file, a frontend call also to its own; the nested parts go with them
        r.scope(TableScope.file("contracts_contract", "backend_file"));
        r.scope(TableScope.parent("contracts_mismatch", "contract_pk", "contracts_contract", "pk"));
        r.scope(TableScope.file("contracts_frontend", "file"));
        r.scope(TableScope.parent("contracts_frontend", "contract_pk", "contracts_contract", "pk"));
        r.scope(TableScope.parent("contracts_field", "contract_pk", "contracts_contract", "pk"));
        r.scope(TableScope.parent("contracts_field", List.of("contract_pk", "position"), "contracts_frontend",
                List.of("contract_pk", "position")));
        // a rescan of those files keeps the contracts it reports again (most of them, unchanged), nested parts and all
        r.scope(TableScope.kept("contracts_contract", "scan_id"));
        r.beforeRemoval(ContractWrites::beforeRemoval);
        r.importer(new DatasetImporter<>("contracts.ndjson", IMPORT_ORDER, ContractStore.CONTRACT, ContractParser::contract,
                RowFiles.files(ContractRow::files)));
        r.status(ContractReads::status);
        r.clear(ContractWrites::clear);
        r.query(new NamedQuery("list", "contracts matching every given filter, by endpoint (status, method, endpoint, "
                + "endpoint_prefix, file: backend or frontend, mismatch_type, severity, limit 1-10000 default 50, offset)",
                List.of("status", "method", "endpoint", "endpoint_prefix", "file", "mismatch_type", "severity", "limit", "offset"),
                (reader, a) -> ContractReads.query(reader, query(a)).stream().map(ContractsDomain::summary).toList()));
        r.query(new NamedQuery("show", "one contract whole, with its backend, frontend calls, fields and mismatches", List.of("id"),
                (reader, a) -> ContractReads.contract(reader, required(a, "id")).map(c -> List.of(whole(c))).orElse(List.of())));
        r.query(new NamedQuery("calls", "the frontend calls in one file, by line, with their contract", List.of("file"),
                (reader, a) -> ContractReads.frontendCalls(reader, required(a, "file")).stream().map(ContractsDomain::call).toList()));
    }

    private static String required(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null || v.isBlank()) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "argument '" + name + "' is required");
        }
        return v;
    }

    /** The {@code list} arguments as a query; a bad value is an INVALID_ARGUMENT naming the argument. */
    static ContractQuery query(Map<String, String> a) {
        ContractQuery.Builder b = ContractQuery.builder()
                .status(parsed(a, "status", ContractStatus::parse))
                .method(parsed(a, "method", HttpMethod::parse))
                .mismatchType(parsed(a, "mismatch_type", MismatchType::parse))
                .severity(parsed(a, "severity", MismatchSeverity::parse))
                .endpoint(a.get("endpoint")).endpointPrefix(a.get("endpoint_prefix")).file(a.get("file"));
        Integer limit = number(a, "limit");
        if (limit != null) {
            b.limit(limit);
        }
        Integer offset = number(a, "offset");
        if (offset != null) {
            b.offset(offset);
        }
        return b.build();
    }

    private static <E> E parsed(Map<String, String> a, String name, BiFunction<String, String, E> parse) {
        String v = a.get(name);
        if (v == null) {
            return null;
        }
        try {
            return parse.apply(name, v);
        } catch (RowRejectedException e) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "argument '" + name + "': " + e.reason());
        }
    }

    private static Integer number(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "argument '" + name + "' must be a whole number, was '" + v + "'");
        }
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

    private static Map<String, Object> call(FrontendCallSite s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contract_id", s.contractId());
        m.put("method", s.method().name());
        m.put("endpoint", s.endpoint());
        m.put("file", s.file());
        m.put("line", s.line());
        m.put("library", s.library());
        return m;
    }

    /** A contract in the shape of its contracts.ndjson record, plus the review times. */
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
        backend.put("request_fields", r.backend().requestFields().stream().map(ContractsDomain::field).toList());
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
