package drift.mcp.internal;

import drift.domain.contracts.ContractQuery;
import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.ContractStore;
import drift.domain.contracts.ContractSummary;
import drift.domain.contracts.HttpMethod;
import drift.domain.contracts.MismatchSeverity;
import drift.domain.contracts.MismatchType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code contracts}: API contracts between backends and frontends, with their mismatches. */
final class ContractsTool implements DriftTool {
    private static final List<String> STATUSES = Arrays.stream(ContractStatus.values()).map(ContractStatus::wire).toList();
    private static final List<String> METHODS = Arrays.stream(HttpMethod.values()).map(Enum::name).toList();
    private static final List<String> TYPES = Arrays.stream(MismatchType.values()).map(MismatchType::wire).toList();
    private static final List<String> SEVERITIES = Arrays.stream(MismatchSeverity.values()).map(MismatchSeverity::wire).toList();

    @Override
    public String name() {
        return "contracts";
    }

    @Override
    public boolean spansRepositories() {
        return true;
    }

    @Override
    public String description() {
        return "API contracts between backend endpoints and the frontend code that calls them, with their mismatches (a field "
                + "the frontend reads that the backend does not return, a type or optionality that differs). With id: that "
                + "contract whole (backend file and fields, every frontend call, every mismatch). Without: the contracts "
                + "matching the filters, by endpoint, each with its mismatches. Use it before changing an endpoint or its DTO.";
    }

    @Override
    public Schema schema() {
        return Schema.object()
                .string("id", "One contract's id: answer it whole (the filters do not apply).", false)
                .choice("status", "Only this status.", STATUSES, false)
                .choice("method", "Only this HTTP method.", METHODS, false)
                .string("endpoint_prefix", "Only endpoints starting with this path (e.g. /api/users).", false)
                .string("file", "Only contracts with the backend or a frontend call in this file.", false)
                .choice("mismatch_type", "Only contracts with a mismatch of this type.", TYPES, false)
                .choice("severity", "Only contracts with a mismatch of this severity.", SEVERITIES, false)
                .paged(20);
    }

    @Override
    public Answer call(Call call) {
        Args a = call.args();
        ContractStore contracts = ContractStore.of(call.store().db());
        String id = a.optString("id");
        if (id != null) {
            for (String filter : List.of("status", "method", "endpoint_prefix", "file", "mismatch_type", "severity", "cursor")) {
                if (a.has(filter)) {
                    throw new ToolError("'" + filter + "' does not go with 'id': one contract is answered whole");
                }
            }
            Map<String, Object> c = contracts.getContract(id).map(Maps::contract)
                    .orElseThrow(() -> new ToolError("no contract has the id '" + id + "' (call contracts without id to list them)"));
            StringBuilder text = new StringBuilder(c.get("method") + " " + c.get("endpoint") + " (" + c.get("status") + "), backend "
                    + ((Map<?, ?>) c.get("backend")).get("file") + ", " + ((List<?>) c.get("frontend")).size() + " frontend calls\n");
            for (Object m : (List<?>) c.get("mismatches")) {
                text.append("mismatch ").append(mismatchLine((Map<?, ?>) m)).append('\n');
            }
            return Pager.single(c, text.toString());
        }
        ContractQuery.Builder q = ContractQuery.builder();
        String status = a.choice("status", STATUSES);
        if (status != null) {
            q.status(ContractStatus.parse("status", status));
        }
        String method = a.choice("method", METHODS);
        if (method != null) {
            q.method(HttpMethod.parse("method", method));
        }
        String prefix = a.optString("endpoint_prefix");
        if (prefix != null) {
            q.endpointPrefix(prefix);
        }
        String file = a.optString("file");
        if (file != null) {
            q.file(file);
        }
        String type = a.choice("mismatch_type", TYPES);
        if (type != null) {
            q.mismatchType(MismatchType.parse("mismatch_type", type));
        }
        String severity = a.choice("severity", SEVERITIES);
        if (severity != null) {
            q.severity(MismatchSeverity.parse("severity", severity));
        }
        return call.pager().page(20, LinkedHashMap::new, (offset, max) -> {
            List<ContractSummary> found = contracts.queryContracts(q.limit(Math.min(max + 1, 10_000)).offset(offset).build());
            List<Map<String, Object>> items = new ArrayList<>();
            for (ContractSummary s : found.subList(0, Math.min(max, found.size()))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.id());
                m.put("method", s.method().name());
                m.put("endpoint", s.endpoint());
                m.put("status", s.status().wire());
                m.put("confidence", s.confidence());
                m.put("backend_file", s.backendFile());
                m.put("frontend_calls", s.frontendCalls());
                m.put("mismatches", s.mismatches() == 0 ? List.of()
                        : contracts.getContract(s.id()).map(c -> c.row().mismatches().stream().map(Maps::mismatch).toList()).orElse(List.of()));
                items.add(m);
            }
            return new Pager.Slice(items, found.size() > max, null);
        }, h -> "contracts", m -> m.get("method") + " " + m.get("endpoint") + "  " + m.get("status") + "  " + m.get("backend_file")
                + "  " + m.get("frontend_calls") + " frontend calls, " + ((List<?>) m.get("mismatches")).size() + " mismatches  id=" + m.get("id"));
    }

    private static String mismatchLine(Map<?, ?> m) {
        return m.get("severity") + " " + m.get("type") + " " + m.get("field") + ": " + m.get("description");
    }
}
