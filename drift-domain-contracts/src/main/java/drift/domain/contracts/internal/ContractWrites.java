package drift.domain.contracts.internal;

import drift.domain.contracts.ContractRow;
import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.FrontendCall;
import drift.domain.contracts.Mismatch;
import drift.domain.contracts.ResponseField;
import drift.storage.api.BulkInsert;
import drift.storage.api.JsonArray;
import drift.storage.api.ScanContext;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.Removal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write side: the contract batch handler (parent and children), status changes, clearing. Every
 * write keeps {@code contracts_counts} current in the same transaction.
 */
public final class ContractWrites {
    /** A position in {@code contracts_field} that means "the backend's response", not a frontend call's. */
    static final int BACKEND = -1;
    /** A position in {@code contracts_field} that means "the backend's request body". */
    static final int REQUEST = -2;

    private static final BulkInsert UPSERT = BulkInsert.into("contracts_contract", "id", "method", "endpoint", "status",
            "confidence", "backend_file", "backend_line", "backend_framework", "status_changed_at", "verified_at", "content_hash", "scan_id").suffix(
            "ON CONFLICT(id) DO UPDATE SET method = excluded.method, endpoint = excluded.endpoint, confidence = excluded.confidence, "
                    + "backend_file = excluded.backend_file, backend_line = excluded.backend_line, "
                    + "backend_framework = excluded.backend_framework, status = excluded.status, "
                    + "status_changed_at = excluded.status_changed_at, verified_at = excluded.verified_at, "
                    + "content_hash = excluded.content_hash, scan_id = excluded.scan_id");
    private static final BulkInsert FRONTEND = BulkInsert.into("contracts_frontend", "contract_pk", "position", "file", "line", "library");
    private static final BulkInsert FIELD = BulkInsert.into("contracts_field", "contract_pk", "position", "name", "type", "optional", "nullable");
    private static final BulkInsert MISMATCH = BulkInsert.into("contracts_mismatch", "contract_pk", "field_path", "mismatch_type",
            "description", "severity");
    private static final BulkInsert COUNT = BulkInsert.into("contracts_counts", "key", "value")
            .suffix("ON CONFLICT(key) DO UPDATE SET value = contracts_counts.value + excluded.value");
    /** One bound JSON array instead of one statement (or one placeholder) per key. */

    private ContractWrites() {
    }

    private record Child<T>(long pk, int position, T value) {
    }

    /** A person's review decision. */
    private record Decision(ContractStatus status, String changedAt, String verifiedAt) {
    }

    /** What a contract row is stored as: the scan's status, or the person's decision where one holds. */
    private record Placed(ContractRow row, ContractStatus status, String changedAt, String verifiedAt) {
    }

    /**
     * The stored status of {@code c}: a person's decision stays, except that a reported mismatch contradicts a
     * verification (or a reopening, which asks for a new look): the contract becomes mismatch, the decision
     * goes, and its status is the scanner's again.
     */
    private static Placed place(ContractRow c, Decision d, List<String> contradicted) {
        if (d == null) {
            return new Placed(c, c.status(), null, null);
        }
        if (c.status() == ContractStatus.MISMATCH && (d.status() == ContractStatus.VERIFIED || d.status() == ContractStatus.DISCOVERED)) {
            contradicted.add(c.id());
            return new Placed(c, c.status(), null, d.verifiedAt());
        }
        return new Placed(c, d.status(), d.changedAt(), d.verifiedAt());
    }

    /**
     * The batch handler: replaces what the batch's ids had, then writes parents with one upsert and each
     * child table with one multi-row insert, so a batch costs a handful of statements at any size. A contract
     * reported exactly as it is stored keeps its rows; a scan marks it as its own, so that the rescan of its
     * files keeps it (the engine removes, at the scan's end, only the contracts of those files it did not mark).
     */
    static void write(SqlWriter w, List<ContractRow> rows) {
        // rows arrive validated (record constructors) and non-null (the batch writer copies them with List.copyOf)
        Map<String, ContractRow> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.put(row.id(), row));
        ScanContext scan = w.scan().orElse(null);
        Long scanId = scan == null ? null : scan.id();
        Map<String, Long> delta = new HashMap<>();
        List<Long> replaced = new ArrayList<>();
        List<Long> same = new ArrayList<>();
        w.forEach("SELECT pk, status, id, content_hash, scan_id FROM contracts_contract WHERE id IN " + w.dialect().jsonTexts(), row -> {
            Long stored = row.getLongOrNull("content_hash");
            if (stored != null && stored == contentHash(byId.get(row.getString(3)))) {
                ContractRow c = byId.remove(row.getString(3));
                // marked only where the scan replaces one of its files: elsewhere nothing of it is removed anyway
                if (scan != null && !scanId.equals(row.getLongOrNull("scan_id")) && c.files().stream().anyMatch(scan::replaces)) {
                    same.add(row.getLong(1));
                }
                return true;
            }
            replaced.add(row.getLong(1));
            add(delta, "status:" + row.getString(2), -1);
            add(delta, "contracts", -1);
            return true;
        }, JsonArray.of(byId.keySet()));
        if (!same.isEmpty()) {
            w.update("UPDATE contracts_contract SET scan_id = ? WHERE pk IN " + w.dialect().jsonIntegers(), scanId, JsonArray.of(same));
        }
        if (byId.isEmpty()) {
            return;
        }
        String ids = JsonArray.of(byId.keySet());
        if (!replaced.isEmpty()) {
            // the replaced parts leave the counters and the tables; a fresh batch skips all of this
            String pks = JsonArray.of(replaced);
            w.forEach("SELECT severity, count(*) FROM contracts_mismatch WHERE contract_pk IN " + w.dialect().jsonIntegers() + " GROUP BY severity", row -> {
                add(delta, "mismatch:" + row.getString(1), -row.getLong(2));
                return true;
            }, pks);
            add(delta, "frontend_calls", -w.queryLong("SELECT count(*) FROM contracts_frontend WHERE contract_pk IN " + w.dialect().jsonIntegers(), pks));
            for (String t : List.of("contracts_frontend", "contracts_field", "contracts_mismatch")) {
                w.update("DELETE FROM " + t + " WHERE contract_pk IN " + w.dialect().jsonIntegers(), pks);
            }
        }
        Map<String, Decision> decisions = new HashMap<>();
        w.forEach("SELECT contract_id, status, status_changed_at, verified_at FROM contracts_decision WHERE contract_id IN " + w.dialect().jsonTexts(),
                row -> {
                    decisions.put(row.getString(1), new Decision(ContractStatus.parse("status", row.getString(2)), row.getString(3),
                            row.getString(4)));
                    return true;
                }, ids);
        List<String> contradicted = new ArrayList<>();
        List<Placed> placed = byId.values().stream().map(c -> place(c, decisions.get(c.id()), contradicted)).toList();
        if (!contradicted.isEmpty()) {
            w.update("DELETE FROM contracts_decision WHERE contract_id IN " + w.dialect().jsonTexts(), JsonArray.of(contradicted));
        }
        w.insertAll(UPSERT, placed, (p, v) -> v.text(p.row().id()).text(p.row().method().name()).text(p.row().endpoint())
                .text(p.status().wire()).real(p.row().confidence()).text(p.row().backend().file()).integer(p.row().backend().line())
                .text(p.row().backend().framework()).text(p.changedAt()).text(p.verifiedAt()).integer(contentHash(p.row())).integer(scanId));
        Map<String, Long> pks = new HashMap<>(byId.size() * 2);
        w.forEach("SELECT id, pk, status FROM contracts_contract WHERE id IN " + w.dialect().jsonTexts(), row -> {
            pks.put(row.getString(1), row.getLong(2));
            add(delta, "status:" + row.getString(3), 1);
            add(delta, "contracts", 1);
            return true;
        }, ids);
        List<Child<FrontendCall>> frontends = new ArrayList<>();
        List<Child<ResponseField>> fields = new ArrayList<>();
        List<Child<Mismatch>> mismatches = new ArrayList<>();
        for (ContractRow c : byId.values()) {
            long pk = pks.get(c.id());
            c.backend().responseFields().forEach(f -> fields.add(new Child<>(pk, BACKEND, f)));
            c.backend().requestFields().forEach(f -> fields.add(new Child<>(pk, REQUEST, f)));
            for (int i = 0; i < c.frontend().size(); i++) {
                FrontendCall f = c.frontend().get(i);
                frontends.add(new Child<>(pk, i, f));
                for (ResponseField rf : f.responseFields()) {
                    fields.add(new Child<>(pk, i, rf));
                }
            }
            for (Mismatch m : c.mismatches()) {
                mismatches.add(new Child<>(pk, 0, m));
                add(delta, "mismatch:" + m.severity().wire(), 1);
            }
            add(delta, "frontend_calls", c.frontend().size());
        }
        if (!frontends.isEmpty()) {
            w.insertAll(FRONTEND, frontends, (ch, v) -> v.integer(ch.pk()).integer(ch.position()).text(ch.value().file())
                    .integer(ch.value().line()).text(ch.value().library()));
        }
        if (!fields.isEmpty()) {
            w.insertAll(FIELD, fields, (ch, v) -> v.integer(ch.pk()).integer(ch.position()).text(ch.value().name())
                    .text(ch.value().type()).bool(ch.value().optional()).bool(ch.value().nullable()));
        }
        if (!mismatches.isEmpty()) {
            w.insertAll(MISMATCH, mismatches, (ch, v) -> v.integer(ch.pk()).text(ch.value().fieldPath())
                    .text(ch.value().type().wire()).text(ch.value().description()).text(ch.value().severity().wire()));
        }
        count(w, delta);
    }

    /** A 64-bit hash of everything a scan reports for a contract, nested parts included (FNV-1a over its fields). */
    static long contentHash(ContractRow c) {
        Hash h = new Hash().text(c.id()).text(c.method().name()).text(c.endpoint()).text(c.status().wire()).real(c.confidence())
                .text(c.backend().file()).integer(c.backend().line()).text(c.backend().framework());
        fields(h, c.backend().responseFields());
        if (!c.backend().requestFields().isEmpty()) {
            // only when there are some: the hashes stored before request bodies existed stay valid
            h.text("request");
            fields(h, c.backend().requestFields());
        }
        h.integer(c.frontend().size());
        for (FrontendCall f : c.frontend()) {
            h.text(f.file()).integer(f.line()).text(f.library());
            fields(h, f.responseFields());
        }
        h.integer(c.mismatches().size());
        for (Mismatch m : c.mismatches()) {
            h.text(m.fieldPath()).text(m.type().wire()).text(m.description()).text(m.severity().wire());
        }
        return h.value;
    }

    private static void fields(Hash h, List<ResponseField> fields) {
        h.integer(fields.size());
        for (ResponseField f : fields) {
            h.text(f.name()).text(f.type()).integer(f.optional() ? 1 : 0).integer(f.nullable() ? 1 : 0);
        }
    }

    /** FNV-1a, 64 bits, with a separator after each value so that values cannot run into each other. */
    private static final class Hash {
        long value = 0xcbf29ce484222325L;

        Hash text(String s) {
            if (s == null) {
                return integer(-1);
            }
            for (int i = 0; i < s.length(); i++) {
                value = (value ^ s.charAt(i)) * 0x100000001b3L;
            }
            value = (value ^ 0x1f) * 0x100000001b3L;
            return this;
        }

        Hash integer(long v) {
            for (int i = 0; i < 8; i++) {
                value = (value ^ ((v >>> (8 * i)) & 0xff)) * 0x100000001b3L;
            }
            value = (value ^ 0x1e) * 0x100000001b3L;
            return this;
        }

        Hash real(double d) {
            return integer(Double.doubleToLongBits(d));
        }
    }

    private static void add(Map<String, Long> delta, String key, long by) {
        delta.merge(key, by, Long::sum);
    }

    private static void count(SqlWriter w, Map<String, Long> delta) {
        List<Map.Entry<String, Long>> changed = delta.entrySet().stream().filter(e -> e.getValue() != 0).toList();
        if (!changed.isEmpty()) {
            w.insertAll(COUNT, changed, (e, v) -> v.text(e.getKey()).integer(e.getValue()));
        }
    }

    /** A person changes a contract's status when the workflow allows it; returns the old status. */
    public static ContractStatus updateStatus(SqlWriter w, String id, ContractStatus to) {
        String current = w.first("SELECT status FROM contracts_contract WHERE id = ?", row -> row.getString(1), id)
                .orElseThrow(() -> new StorageException(StorageErrorCode.NOT_FOUND, "no contract with id '" + id + "'"));
        ContractStatus from = ContractStatus.parse("status", current);
        if (from == to) {
            return from;
        }
        if (!from.canChangeTo(to)) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "contract '" + id + "' cannot go from " + from.wire() + " to "
                    + to.wire() + "; from " + from.wire() + " it can go to " + String.join(" or ",
                    from.next().stream().map(ContractStatus::wire).toList()));
        }
        // the decision first (it outlives the contract: a rescan that drops it and brings it back keeps it), then the row
        w.update("INSERT INTO contracts_decision(contract_id, status, status_changed_at, verified_at) SELECT id, ?, " + w.dialect().nowUtc()
                + ", CASE WHEN ? = 'verified' THEN " + w.dialect().nowUtc() + " ELSE verified_at END FROM contracts_contract WHERE id = ? "
                + "ON CONFLICT(contract_id) DO UPDATE SET status = excluded.status, status_changed_at = excluded.status_changed_at, "
                + "verified_at = excluded.verified_at", to.wire(), to.wire(), id);
        w.update("UPDATE contracts_contract SET (status, status_changed_at, verified_at) = (SELECT status, status_changed_at, "
                + "verified_at FROM contracts_decision WHERE contract_id = ?) WHERE id = ?", id, id);
        count(w, Map.of("status:" + from.wire(), -1L, "status:" + to.wire(), 1L));
        return from;
    }

    /**
     * Before the engine removes contracts (their backend file was rescanned or vanished) or frontend calls
     * (their file was): the counters follow.
     */
    static void beforeRemoval(SqlWriter w, Removal removal) {
        Map<String, Long> delta = new HashMap<>();
        if (removal.affects("contracts_contract")) {
            w.forEach("SELECT status, count(*) FROM contracts_contract WHERE " + removal.where("contracts_contract") + " GROUP BY status",
                    row -> {
                        add(delta, "status:" + row.getString(1), -row.getLong(2));
                        add(delta, "contracts", -row.getLong(2));
                        return true;
                    });
        }
        if (removal.affects("contracts_mismatch")) {
            w.forEach("SELECT severity, count(*) FROM contracts_mismatch WHERE " + removal.where("contracts_mismatch")
                    + " GROUP BY severity", row -> {
                        add(delta, "mismatch:" + row.getString(1), -row.getLong(2));
                        return true;
                    });
        }
        if (removal.affects("contracts_frontend")) {
            String gone = removal.where("contracts_frontend");
            add(delta, "frontend_calls", -w.queryLong("SELECT count(*) FROM contracts_frontend WHERE " + gone));
            // a contract that keeps its row but loses a frontend call is no longer what its hash says: written again next time
            w.update("UPDATE contracts_contract SET content_hash = NULL WHERE pk IN (SELECT contract_pk FROM contracts_frontend WHERE "
                    + gone + ")");
        }
        count(w, delta);
    }

    /** Children first: deleting parents alone would cascade row by row. Review decisions stay. */
    static void clear(SqlWriter w) {
        for (String t : List.of("contracts_mismatch", "contracts_field", "contracts_frontend", "contracts_contract", "contracts_counts")) {
            w.update("DELETE FROM " + t);
        }
    }
}
