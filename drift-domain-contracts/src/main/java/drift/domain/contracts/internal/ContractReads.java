package drift.domain.contracts.internal;

import drift.domain.contracts.BackendEndpoint;
import drift.domain.contracts.Contract;
import drift.domain.contracts.ContractQuery;
import drift.domain.contracts.ContractRow;
import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.ContractSummary;
import drift.domain.contracts.FrontendCall;
import drift.domain.contracts.FrontendCallSite;
import drift.domain.contracts.HttpMethod;
import drift.domain.contracts.Mismatch;
import drift.domain.contracts.MismatchSeverity;
import drift.domain.contracts.MismatchType;
import drift.domain.contracts.ResponseField;
import drift.storage.api.SqlReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read side: filtered lists, one contract whole, frontend calls by file, status. */
public final class ContractReads {
    private static final String SUMMARY = "SELECT c.id, c.method, c.endpoint, c.status, c.confidence, c.backend_file, "
            + "(SELECT count(*) FROM contracts_frontend f WHERE f.contract_pk = c.pk), "
            + "(SELECT count(*) FROM contracts_mismatch m WHERE m.contract_pk = c.pk) FROM contracts_contract c";
    // the reads of one contract whole and of calls by file, each a lookup on a key or index
    static final String HEAD = "SELECT pk, id, method, endpoint, status, confidence, backend_file, backend_line, backend_framework, "
            + "status_changed_at, verified_at FROM contracts_contract WHERE id = ?";
    static final String FIELDS = "SELECT position, name, type, optional, nullable FROM contracts_field WHERE contract_pk = ? ORDER BY position, rowid";
    static final String FRONTENDS = "SELECT position, file, line, library FROM contracts_frontend WHERE contract_pk = ? "
            + "ORDER BY position";
    static final String MISMATCHES = "SELECT field_path, mismatch_type, description, severity FROM contracts_mismatch "
            + "WHERE contract_pk = ? ORDER BY rowid";
    static final String CALLS_IN_FILE = "SELECT c.id, c.method, c.endpoint, f.file, f.line, f.library FROM contracts_frontend f "
            + "JOIN contracts_contract c ON c.pk = f.contract_pk WHERE f.file = ? ORDER BY f.line, c.id, f.position";
    /**
     * Every mismatch type as bound parameters: a severity-only filter then still seeks the
     * (mismatch_type, severity) index, once per type, instead of scanning the table or needing a second index.
     */
    private static final String ANY_TYPE = "mismatch_type IN (" + String.join(", ",
            Collections.nCopies(MismatchType.values().length, "?")) + ")";

    private ContractReads() {
    }

    private record Head(long pk, String id, String method, String endpoint, String status, double confidence, String backendFile,
                        long backendLine, String framework, String statusChangedAt, String verifiedAt) {
    }

    /** A statement with its bound values. */
    record Statement(String sql, List<Object> params) {
    }

    /** Contracts by filters, each served by an index, in endpoint, method, id order. */
    public static List<ContractSummary> query(SqlReader r, ContractQuery q) {
        Statement s = listStatement(q);
        return r.list(s.sql(), row -> new ContractSummary(row.getString(1), HttpMethod.parse("method", row.getString(2)),
                row.getString(3), ContractStatus.parse("status", row.getString(4)), row.getDouble(5), row.getString(6),
                row.getLong(7), row.getLong(8)), s.params().toArray());
    }

    /** The list query for {@code q}: fixed fragments, every value bound. */
    static Statement listStatement(ContractQuery q) {
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
            // a range on the endpoint index instead of LIKE: no wildcards to escape, no case folding
            String upper = upperBound(q.endpointPrefix());
            where.add(upper == null ? "c.endpoint >= ?" : "c.endpoint >= ? AND c.endpoint < ?");
            params.add(q.endpointPrefix());
            if (upper != null) {
                params.add(upper);
            }
        }
        if (q.file() != null) {
            // OR of two indexed terms: SQLite answers it with both indexes (MULTI-INDEX OR)
            where.add("(c.backend_file = ? OR c.pk IN (SELECT contract_pk FROM contracts_frontend WHERE file = ?))");
            params.add(q.file());
            params.add(q.file());
        }
        if (q.mismatchType() != null || q.severity() != null) {
            StringBuilder m = new StringBuilder("c.pk IN (SELECT contract_pk FROM contracts_mismatch WHERE ");
            if (q.mismatchType() != null) {
                m.append("mismatch_type = ?");
                params.add(q.mismatchType().wire());
            } else {
                m.append(ANY_TYPE);
                Arrays.stream(MismatchType.values()).forEach(t -> params.add(t.wire()));
            }
            if (q.severity() != null) {
                m.append(" AND severity = ?");
                params.add(q.severity().wire());
            }
            where.add(m.append(')').toString());
        }
        params.add(q.limit());
        params.add(q.offset());
        return new Statement(SUMMARY + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY c.endpoint, c.method, c.id LIMIT ? OFFSET ?", params);
    }

    /**
     * The smallest string greater than every string starting with {@code prefix} (its last code point
     * plus one; UTF-8 keeps code point order, and SQLite compares text bytewise), or null when there is none.
     */
    static String upperBound(String prefix) {
        int end = prefix.length();
        while (end > 0) {
            int last = prefix.codePointBefore(end);
            int start = end - Character.charCount(last);
            int next = last + 1;
            if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
                next = Character.MAX_SURROGATE + 1;
            }
            if (next <= Character.MAX_CODE_POINT) {
                return prefix.substring(0, start) + new String(Character.toChars(next));
            }
            end = start;
        }
        return null;
    }

    /** One contract with every nested part: four indexed reads in one snapshot. */
    public static Optional<Contract> contract(SqlReader r, String id) {
        return r.first(HEAD, row -> new Head(row.getLong(1),
                row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getDouble(6), row.getString(7),
                row.getLong(8), row.getString(9), row.getString(10), row.getString(11)), id).map(h -> whole(r, h));
    }

    private static Contract whole(SqlReader r, Head h) {
        Map<Long, List<ResponseField>> fields = new HashMap<>();
        r.forEach(FIELDS,
                row -> {
                    fields.computeIfAbsent(row.getLong(1), k -> new ArrayList<>()).add(new ResponseField(row.getString(2),
                            row.getString(3), row.getBoolean("optional"), row.getBoolean("nullable")));
                    return true;
                }, h.pk());
        List<FrontendCall> frontend = r.list(FRONTENDS, row -> new FrontendCall(row.getString(2), row.getLong(3), row.getString(4),
                fields.get(row.getLong(1))), h.pk());
        List<Mismatch> mismatches = r.list(MISMATCHES, row -> new Mismatch(row.getString(1),
                MismatchType.parse("mismatch_type", row.getString(2)), row.getString(3),
                MismatchSeverity.parse("severity", row.getString(4))), h.pk());
        ContractRow row = new ContractRow(h.id(), HttpMethod.parse("method", h.method()), h.endpoint(),
                ContractStatus.parse("status", h.status()), h.confidence(),
                new BackendEndpoint(h.backendFile(), h.backendLine(), h.framework(), fields.get((long) ContractWrites.BACKEND),
                        fields.get((long) ContractWrites.REQUEST)),
                frontend, mismatches);
        return new Contract(row, h.statusChangedAt(), h.verifiedAt());
    }

    /** Frontend calls in one file (the file index), by line. */
    public static List<FrontendCallSite> frontendCalls(SqlReader r, String file) {
        return r.list(CALLS_IN_FILE,
                row -> new FrontendCallSite(row.getString(1), HttpMethod.parse("method", row.getString(2)), row.getString(3),
                        row.getString(4), row.getLong(5), row.getString(6)), file);
    }

    /** The status section, from the counters only: the same cost at any size. */
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
        out.put("frontend_calls", c.getOrDefault("frontend_calls", 0L));
        Map<String, Object> bySeverity = new LinkedHashMap<>();
        long mismatches = 0;
        for (MismatchSeverity s : MismatchSeverity.values()) {
            long n = c.getOrDefault("mismatch:" + s.wire(), 0L);
            bySeverity.put(s.wire(), n);
            mismatches += n;
        }
        out.put("mismatches", mismatches);
        out.put("mismatches_by_severity", bySeverity);
        return out;
    }
}
