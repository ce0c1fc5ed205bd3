package drift.domain.contracts.internal;

import drift.domain.contracts.BackendEndpoint;
import drift.domain.contracts.Contract;
import drift.domain.contracts.ContractQuery;
import drift.domain.contracts.ContractRow;
import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.ContractSummary;
import drift.domain.contracts.FrontendCall;
import drift.domain.contracts.HttpMethod;
import drift.domain.contracts.Mismatch;
import drift.domain.contracts.MismatchSeverity;
import drift.domain.contracts.MismatchType;
import drift.domain.contracts.ResponseField;
import drift.storage.api.SqlReader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read side: filtered lists, one contract whole, status. */
public final class ContractReads {
    private ContractReads() {
    }

    /** Contracts by filters (index-backed), by endpoint then method then id. */
    public static List<ContractSummary> query(SqlReader r, ContractQuery q) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (q.status() != null) {
            where.add("c.status = ?");
            params.add(q.status().wire());
        }
        if (q.method() != null) {
            where.add("c.method = ?");
            params.add(q.method().name());
        }
        if (q.endpoint() != null) {
            where.add("c.endpoint = ?");
            params.add(q.endpoint());
        }
        if (q.endpointPrefix() != null) {
            // a range instead of LIKE: no wildcard escaping, and the endpoint index serves it
            where.add("c.endpoint >= ? AND c.endpoint < ?");
            params.add(q.endpointPrefix());
            params.add(q.endpointPrefix() + Character.MAX_VALUE);
        }
        if (q.file() != null) {
            where.add("(c.backend_file = ? OR c.pk IN (SELECT contract_pk FROM contracts_frontend WHERE file = ?))");
            params.add(q.file());
            params.add(q.file());
        }
        if (q.mismatchType() != null || q.severity() != null) {
            StringBuilder m = new StringBuilder("c.pk IN (SELECT contract_pk FROM contracts_mismatch WHERE 1 = 1");
            if (q.mismatchType() != null) {
                m.append(" AND mismatch_type = ?");
                params.add(q.mismatchType().wire());
            }
            if (q.severity() != null) {
                m.append(" AND severity = ?");
                params.add(q.severity().wire());
            }
            where.add(m.append(')').toString());
        }
        params.add(q.limit());
        params.add(q.offset());
        return r.list("SELECT c.id, c.method, c.endpoint, c.status, c.confidence, c.backend_file, "
                + "(SELECT count(*) FROM contracts_frontend f WHERE f.contract_pk = c.pk) AS frontends, "
                + "(SELECT count(*) FROM contracts_mismatch m WHERE m.contract_pk = c.pk) AS mismatches "
                + "FROM contracts_contract c" + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY c.endpoint, c.method, c.id LIMIT ? OFFSET ?",
                row -> new ContractSummary(row.getString(1), HttpMethod.parse("method", row.getString(2)), row.getString(3),
                        ContractStatus.parse("status", row.getString(4)), row.getDouble(5), row.getString(6), row.getLong(7),
                        row.getLong(8)), params.toArray());
    }

    /** One contract with every nested part. */
    public static Optional<Contract> contract(SqlReader r, String id) {
        return r.first("SELECT pk, id, method, endpoint, status, confidence, backend_file, backend_line, backend_framework, "
                + "status_changed_at, verified_at FROM contracts_contract WHERE id = ?", row -> new Object[] {row.getLong(1),
                row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getDouble(6), row.getString(7),
                row.getLong(8), row.getString(9), row.getString(10), row.getString(11)}, id).map(c -> {
                    long pk = (Long) c[0];
                    Map<Integer, List<ResponseField>> fields = new HashMap<>();
                    r.forEach("SELECT position, name, type, optional, nullable FROM contracts_field WHERE contract_pk = ? "
                            + "ORDER BY position, rowid", row -> {
                                fields.computeIfAbsent((int) row.getLong(1), k -> new ArrayList<>()).add(new ResponseField(
                                        row.getString(2), row.getString(3), row.getBoolean("optional"), row.getBoolean("nullable")));
                                return true;
                            }, pk);
                    List<FrontendCall> frontend = r.list("SELECT position, file, line, library FROM contracts_frontend "
                            + "WHERE contract_pk = ? ORDER BY position", row -> new FrontendCall(row.getString(2), row.getLong(3),
                            row.getString(4), fields.getOrDefault((int) row.getLong(1), List.of())), pk);
                    List<Mismatch> mismatches = r.list("SELECT field_path, mismatch_type, description, severity FROM contracts_mismatch "
                            + "WHERE contract_pk = ? ORDER BY rowid", row -> new Mismatch(row.getString(1),
                            MismatchType.parse("mismatch_type", row.getString(2)), row.getString(3),
                            MismatchSeverity.parse("severity", row.getString(4))), pk);
                    ContractRow row = new ContractRow((String) c[1], HttpMethod.parse("method", (String) c[2]), (String) c[3],
                            ContractStatus.parse("status", (String) c[4]), (Double) c[5],
                            new BackendEndpoint((String) c[6], (Long) c[7], (String) c[8], fields.getOrDefault(-1, List.of())),
                            frontend, mismatches);
                    return new Contract(row, (String) c[9], (String) c[10]);
                });
    }

    static Map<String, Object> status(SqlReader r) {
        Map<String, Long> c = new HashMap<>();
        r.forEach("SELECT key, value FROM contracts_counts", row -> {
            c.put(row.getString(1), row.getLong(2));
            return true;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contracts", c.getOrDefault("contracts", 0L));
        Map<String, Object> byStatus = new LinkedHashMap<>();
        for (ContractStatus s : ContractStatus.values()) {
            byStatus.put(s.wire(), c.getOrDefault("status:" + s.wire(), 0L));
        }
        out.put("by_status", byStatus);
        Map<String, Object> bySeverity = new LinkedHashMap<>();
        for (MismatchSeverity s : MismatchSeverity.values()) {
            bySeverity.put(s.wire(), c.getOrDefault("mismatch:" + s.wire(), 0L));
        }
        out.put("mismatches_by_severity", bySeverity);
        out.put("frontend_calls", c.getOrDefault("frontend_calls", 0L));
        return out;
    }
}
