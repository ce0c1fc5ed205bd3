package drift.domain.contracts.internal;

import drift.storage.api.JsonArray;
import drift.domain.contracts.ContractRow;
import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.FrontendCall;
import drift.domain.contracts.Mismatch;
import drift.domain.contracts.ResponseField;
import drift.storage.api.BulkInsert;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The write side: the contract batch handler (parent and children), status changes, clearing. */
public final class ContractWrites {
    private static final String NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    private static final BulkInsert UPSERT = BulkInsert.into("contracts_contract", "id", "method", "endpoint", "status",
            "confidence", "backend_file", "backend_line", "backend_framework").suffix(
            "ON CONFLICT(id) DO UPDATE SET method = excluded.method, endpoint = excluded.endpoint, confidence = excluded.confidence, "
                    + "backend_file = excluded.backend_file, backend_line = excluded.backend_line, "
                    + "backend_framework = excluded.backend_framework, "
                    // a person's decision stays, unless the scanner now reports a mismatch
                    + "status = CASE WHEN excluded.status = 'mismatch' OR status_changed_at IS NULL THEN excluded.status ELSE status END");
    private static final BulkInsert FRONTEND = BulkInsert.into("contracts_frontend", "contract_pk", "position", "file", "line", "library");
    private static final BulkInsert FIELD = BulkInsert.into("contracts_field", "contract_pk", "position", "name", "type", "optional", "nullable");
    private static final BulkInsert MISMATCH = BulkInsert.into("contracts_mismatch", "contract_pk", "field_path", "mismatch_type",
            "description", "severity");
    private static final String IN_BATCH = "(SELECT value FROM json_each(?))";

    private ContractWrites() {
    }

    private record Child<T>(long pk, int position, T value) {
    }

    static void write(SqlWriter w, List<ContractRow> rows) {
        Map<String, ContractRow> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        String ids = JsonArray.of(byId.keySet());
        Map<String, Long> delta = new HashMap<>();
        // what the batch replaces: old statuses and mismatches leave the counters
        w.forEach("SELECT status, count(*) FROM contracts_contract WHERE id IN " + IN_BATCH + " GROUP BY status", row -> {
            delta.merge("status:" + row.getString(1), -row.getLong(2), Long::sum);
            delta.merge("contracts", -row.getLong(2), Long::sum);
            return true;
        }, ids);
        w.forEach("SELECT m.severity, count(*) FROM contracts_mismatch m JOIN contracts_contract c ON c.pk = m.contract_pk "
                + "WHERE c.id IN " + IN_BATCH + " GROUP BY m.severity", row -> {
                    delta.merge("mismatch:" + row.getString(1), -row.getLong(2), Long::sum);
                    return true;
                }, ids);
        delta.merge("frontend_calls", -w.queryLong("SELECT count(*) FROM contracts_frontend f JOIN contracts_contract c "
                + "ON c.pk = f.contract_pk WHERE c.id IN " + IN_BATCH, ids), Long::sum);
        for (String t : List.of("contracts_frontend", "contracts_field", "contracts_mismatch")) {
            w.update("DELETE FROM " + t + " WHERE contract_pk IN (SELECT pk FROM contracts_contract WHERE id IN " + IN_BATCH + ")", ids);
        }
        w.insertAll(UPSERT, byId.values(), (c, v) -> v.text(c.id()).text(c.method().name()).text(c.endpoint()).text(c.status().wire())
                .real(c.confidence()).text(c.backend().file()).integer(c.backend().line()).text(c.backend().framework()));
        Map<String, Long> pks = new HashMap<>();
        w.forEach("SELECT id, pk, status FROM contracts_contract WHERE id IN " + IN_BATCH, row -> {
            pks.put(row.getString(1), row.getLong(2));
            delta.merge("status:" + row.getString(3), 1L, Long::sum);
            delta.merge("contracts", 1L, Long::sum);
            return true;
        }, ids);
        List<Child<FrontendCall>> frontends = new ArrayList<>();
        List<Child<ResponseField>> fields = new ArrayList<>();
        List<Child<Mismatch>> mismatches = new ArrayList<>();
        for (ContractRow c : byId.values()) {
            long pk = pks.get(c.id());
            c.backend().responseFields().forEach(f -> fields.add(new Child<>(pk, -1, f)));
            for (int i = 0; i < c.frontend().size(); i++) {
                FrontendCall f = c.frontend().get(i);
                frontends.add(new Child<>(pk, i, f));
                for (ResponseField rf : f.responseFields()) {
                    fields.add(new Child<>(pk, i, rf));
                }
            }
            c.mismatches().forEach(m -> {
                mismatches.add(new Child<>(pk, 0, m));
                delta.merge("mismatch:" + m.severity().wire(), 1L, Long::sum);
            });
            delta.merge("frontend_calls", (long) c.frontend().size(), Long::sum);
        }
        w.insertAll(FRONTEND, frontends, (ch, v) -> v.integer(ch.pk()).integer(ch.position()).text(ch.value().file())
                .integer(ch.value().line()).text(ch.value().library()));
        w.insertAll(FIELD, fields, (ch, v) -> v.integer(ch.pk()).integer(ch.position()).text(ch.value().name()).text(ch.value().type())
                .bool(ch.value().optional()).bool(ch.value().nullable()));
        w.insertAll(MISMATCH, mismatches, (ch, v) -> v.integer(ch.pk()).text(ch.value().fieldPath()).text(ch.value().type().wire())
                .text(ch.value().description()).text(ch.value().severity().wire()));
        count(w, delta);
    }

    private static void count(SqlWriter w, Map<String, Long> delta) {
        List<Map.Entry<String, Long>> nonZero = delta.entrySet().stream().filter(e -> e.getValue() != 0).toList();
        if (!nonZero.isEmpty()) {
            w.executeEach("INSERT INTO contracts_counts(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = value + excluded.value",
                    nonZero, (e, v) -> v.text(e.getKey()).integer(e.getValue()));
        }
    }

    /** Changes a contract's status when the workflow allows it; returns the old status. */
    public static ContractStatus updateStatus(SqlWriter w, String id, ContractStatus to) {
        String current = w.first("SELECT status FROM contracts_contract WHERE id = ?", row -> row.getString(1), id)
                .orElseThrow(() -> new StorageException(StorageErrorCode.NOT_FOUND, "no contract '" + id + "'"));
        ContractStatus from = ContractStatus.parse("status", current);
        if (from == to) {
            return from;
        }
        if (!from.next().contains(to)) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "contract '" + id + "' cannot go from " + from.wire() + " to "
                    + to.wire() + " (from " + from.wire() + ": " + from.next().stream().map(ContractStatus::wire).toList() + ")");
        }
        w.update("UPDATE contracts_contract SET status = ?, status_changed_at = " + NOW + ", verified_at = CASE WHEN ? = 'verified' "
                + "THEN " + NOW + " ELSE verified_at END WHERE id = ?", to.wire(), to.wire(), id);
        count(w, Map.of("status:" + from.wire(), -1L, "status:" + to.wire(), 1L));
        return from;
    }

    static void clear(SqlWriter w) {
        for (String t : List.of("contracts_mismatch", "contracts_field", "contracts_frontend", "contracts_contract", "contracts_counts")) {
            w.update("DELETE FROM " + t);
        }
    }
}
