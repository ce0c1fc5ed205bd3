package drift.domain.patterns.internal;

import drift.storage.api.JsonArray;
import drift.domain.patterns.LocationRow;
import drift.domain.patterns.PatternRow;
import drift.domain.patterns.PatternStatus;
import drift.storage.api.BulkInsert;
import drift.storage.api.KeyCache;
import drift.storage.api.ScanContext;
import drift.storage.api.WriterLocal;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.Removal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The write side: batch handlers, the review workflow, clearing. Runs on the writer thread. */
final class PatternWrites {
    /** Pattern ids to keys, per open database. */
    static final WriterLocal<KeyCache> PATTERN_KEYS = WriterLocal.of("patterns pattern keys",
            () -> new KeyCache("patterns_pattern", "id", "pk", KeyCache.DEFAULT_CAPACITY));

    private static final String COLUMNS_LIST = "pk, id, name, category, status, confidence, severity, description, detector, "
            + "first_seen, last_seen, status_changed_at, approved_at, scan_id, content_hash";
    private static final BulkInsert INSERT = BulkInsert.into("patterns_pattern", COLUMNS_LIST.split(", "));
    // a pattern written again takes the scan's values; its status stays a person's decision where there is one
    private static final BulkInsert UPDATE = INSERT.suffix("ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            + "category = excluded.category, status = excluded.status, confidence = excluded.confidence, severity = excluded.severity, "
            + "description = excluded.description, detector = excluded.detector, first_seen = excluded.first_seen, "
            + "last_seen = excluded.last_seen, status_changed_at = excluded.status_changed_at, approved_at = excluded.approved_at, "
            + "scan_id = excluded.scan_id, content_hash = excluded.content_hash");
    private static final String FTS_FROM_TABLE = "INSERT INTO patterns_fts(rowid, name, description, detector) "
            + "SELECT pk, name, description, detector FROM patterns_pattern WHERE ";
    private static final String FTS_DELETE = "INSERT INTO patterns_fts(patterns_fts, rowid, name, description, detector) "
            + "SELECT 'delete', pk, name, description, detector FROM patterns_pattern WHERE ";

    private static final BulkInsert LOCATION = BulkInsert.into("patterns_location", "pattern_pk", "file", "line", "col",
            "end_line", "end_col", "is_outlier", "reason", "deviation_score");

    private static final String IN_BATCH = "id IN (SELECT value FROM json_each(?))";
    private static final String PK_IN = "pk IN (SELECT value FROM json_each(?))";

    private PatternWrites() {
    }

    /** A stored pattern as the upsert compares it. */
    private record Stored(long pk, PatternRow row, String statusChangedAt, String approvedAt) {
    }

    /** A person's review decision. */
    record Decision(PatternStatus status, String changedAt, String approvedAt) {
    }

    /**
     * Upserts patterns: a new id is inserted, a stored one takes the new values, and a pattern the scan
     * reports unchanged only has its scan noted (its row, indexes and full-text entry stay as they are, so a
     * rescan of an unchanged codebase costs a key lookup per pattern). The status is the person's decision
     * where there is one, else the scan's. Full-text index and counters move in the same transaction.
     *
     * <p>New patterns get their keys here, above the current maximum (the writer is the only one): the
     * locations that follow find them in memory, and the new full-text rows are copied from the table by
     * one key-range scan. Passing the text back through the binding again cost more (each bound value is
     * a JNI crossing with a UTF-8 copy) than SQLite reading pages it has just written.
     */
    static void writePatterns(SqlWriter w, List<PatternRow> rows) {
        // rows of one id combine as if they had been written one by one: the last one wins
        Map<String, PatternRow> byId = new LinkedHashMap<>();
        for (PatternRow r : rows) {
            byId.remove(r.id());
            byId.put(r.id(), r);
        }
        Long scan = w.scan().map(ScanContext::id).orElse(null);
        long maxPk = w.queryLong("SELECT coalesce(max(pk), 0) FROM patterns_pattern");
        String ids = JsonArray.of(byId.keySet());
        Map<String, Decision> decisions = decisions(w, ids);
        // what is stored of the batch's ids: first only key and content hash; whole rows only for the changed ones
        Map<String, long[]> known = new HashMap<>();
        if (maxPk > 0) {
            // (an empty table has nothing to update: the probe is skipped for a first import)
            w.forEach("SELECT id, pk, content_hash FROM patterns_pattern WHERE " + IN_BATCH, row -> {
                Long hash = row.getLongOrNull("content_hash");
                known.put(row.getString(1), new long[] {row.getLong(2), hash == null ? 0 : hash, hash == null ? 1 : 0});
                return true;
            }, ids);
        }
        Map<String, Stored> stored = new HashMap<>();
        List<Long> differing = new ArrayList<>();
        for (PatternRow r : byId.values()) {
            long[] k = known.get(r.id());
            if (k != null && (k[2] == 1 || k[1] != contentHash(withDecision(r, decisions.get(r.id()))))) {
                differing.add(k[0]);
            }
        }
        if (!differing.isEmpty()) {
            w.forEach("SELECT " + COLUMNS_LIST + " FROM patterns_pattern WHERE " + PK_IN, row -> {
                stored.put(row.getString(2), new Stored(row.getLong(1), PatternReads.pattern(row).row(),
                        row.getString("status_changed_at"), row.getString("approved_at")));
                return true;
            }, JsonArray.of(differing));
        }
        List<PatternRow> fresh = new ArrayList<>();
        List<PatternRow> changed = new ArrayList<>();
        List<Long> textChanged = new ArrayList<>();
        List<Long> same = new ArrayList<>();
        Map<String, Long> pks = new HashMap<>(byId.size() * 2);
        Counters c = new Counters();
        long next = maxPk;
        for (PatternRow r : byId.values()) {
            PatternRow row = withDecision(r, decisions.get(r.id()));
            Stored old = stored.get(r.id());
            if (old == null && known.containsKey(r.id())) {
                pks.put(r.id(), known.get(r.id())[0]);
                same.add(known.get(r.id())[0]);
                continue;
            }
            if (old == null) {
                pks.put(r.id(), ++next);
                fresh.add(row);
                c.add("total", 1);
                c.add("status:" + row.status().wire(), 1);
                c.add("category:" + row.category().wire(), 1);
                continue;
            }
            pks.put(r.id(), old.pk());
            if (old.row().equals(row)) {
                same.add(old.pk());
                continue;
            }
            changed.add(row);
            if (!old.row().name().equals(row.name()) || !old.row().description().equals(row.description())
                    || !old.row().detector().equals(row.detector())) {
                textChanged.add(old.pk());
            }
            c.add("status:" + old.row().status().wire(), -1);
            c.add("status:" + row.status().wire(), 1);
            c.add("category:" + old.row().category().wire(), -1);
            c.add("category:" + row.category().wire(), 1);
        }
        if (!textChanged.isEmpty()) {
            // external-content FTS: remove the old text before the row changes
            w.update(FTS_DELETE + PK_IN, JsonArray.of(textChanged));
        }
        if (!fresh.isEmpty()) {
            w.insertAll(INSERT, fresh, (r, v) -> bind(r, pks.get(r.id()), decisions.get(r.id()), scan, v));
            w.update(FTS_FROM_TABLE + "pk > ?", maxPk);
        }
        if (!changed.isEmpty()) {
            w.insertAll(UPDATE, changed, (r, v) -> bind(r, pks.get(r.id()), decisions.get(r.id()), scan, v));
        }
        if (!textChanged.isEmpty()) {
            w.update(FTS_FROM_TABLE + PK_IN, JsonArray.of(textChanged));
        }
        if (!same.isEmpty() && scan != null) {
            w.update("UPDATE patterns_pattern SET scan_id = ? WHERE " + PK_IN, scan, JsonArray.of(same));
        }
        KeyCache keys = w.local(PATTERN_KEYS);
        pks.forEach((id, pk) -> keys.put(w, id, pk));
        c.apply(w);
    }

    private static void bind(PatternRow r, long pk, Decision d, Long scan, drift.storage.api.Values v) {
        v.integer(pk).text(r.id()).text(r.name()).text(r.category().wire()).text(r.status().wire()).real(r.confidence())
                .text(r.severity().wire()).text(r.description()).text(r.detector()).text(r.firstSeen()).text(r.lastSeen())
                .text(d == null ? null : d.changedAt()).text(d == null ? null : d.approvedAt()).integer(scan)
                .integer(contentHash(r));
    }

    /** A 64-bit hash of everything a scan reports for a pattern (with the status it is stored with). */
    static long contentHash(PatternRow r) {
        long h = 0xcbf29ce484222325L;
        for (String s : new String[] {r.id(), r.name(), r.category().wire(), r.status().wire(), Double.toString(r.confidence()),
                r.severity().wire(), r.description(), r.detector(), r.firstSeen(), r.lastSeen()}) {
            String v = s == null ? "\u0000null" : s;
            for (int i = 0; i < v.length(); i++) {
                h = (h ^ v.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0x1f) * 0x100000001b3L; // a separator, so that moving text between fields changes the hash
        }
        return h;
    }

    /** The scan's row with the person's decision, if any, as its status. */
    private static PatternRow withDecision(PatternRow r, Decision d) {
        return d == null || d.status() == r.status() ? r : new PatternRow(r.id(), r.name(), r.category(), d.status(), r.confidence(),
                r.severity(), r.description(), r.detector(), r.firstSeen(), r.lastSeen());
    }

    private static Map<String, Decision> decisions(SqlWriter w, String ids) {
        Map<String, Decision> out = new HashMap<>();
        w.forEach("SELECT pattern_id, status, status_changed_at, approved_at FROM patterns_decision WHERE pattern_id IN "
                + "(SELECT value FROM json_each(?))", row -> {
                    out.put(row.getString(1), new Decision(PatternStatus.parse("status", row.getString(2)), row.getString(3),
                            row.getString(4)));
                    return true;
                }, ids);
        return out;
    }

    /**
     * Before the engine removes patterns (a snapshot that no longer reports them) or locations (their file
     * was rescanned or vanished): the counters and the full-text index follow.
     */
    static void beforeRemoval(SqlWriter w, Removal removal) {
        Counters c = new Counters();
        if (removal.affects("patterns_location")) {
            w.forEach("SELECT count(*), coalesce(sum(is_outlier), 0) FROM patterns_location WHERE " + removal.where("patterns_location"),
                    row -> {
                        c.add("locations", -row.getLong(1));
                        c.add("outliers", -row.getLong(2));
                        return false;
                    });
        }
        if (removal.affects("patterns_pattern")) {
            String gone = removal.where("patterns_pattern");
            w.forEach("SELECT status, category, count(*) FROM patterns_pattern WHERE " + gone + " GROUP BY status, category", row -> {
                c.add("total", -row.getLong(3));
                c.add("status:" + row.getString(1), -row.getLong(3));
                c.add("category:" + row.getString(2), -row.getLong(3));
                return true;
            });
            w.update(FTS_DELETE + gone);
        }
        c.apply(w);
    }

    /** Inserts locations, in pattern key order, after finding every pattern they name. */
    static void writeLocations(SqlWriter w, List<LocationRow> rows) {
        KeyCache.Keys keys = w.local(PATTERN_KEYS).existing(w, rows.stream().map(LocationRow::patternId).toList(), "pattern_id",
                "pattern");
        w.insertAll(LOCATION, keys.inKeyOrder(), (i, v) -> {
            LocationRow r = rows.get(i);
            v.integer(keys.of(i)).text(r.file()).integer(r.line()).integer(r.column()).integer(r.endLine())
                    .integer(r.endColumn()).bool(r.outlier()).text(r.reason()).real(r.deviationScore());
        });
        Counters c = new Counters();
        c.add("locations", rows.size());
        c.add("outliers", rows.stream().filter(LocationRow::outlier).count());
        c.apply(w);
    }

    /** Moves a pattern to {@code to} if the workflow allows it; records when. */
    static PatternStatus updateStatus(SqlWriter w, String id, PatternStatus to) {
        String current = w.first("SELECT status FROM patterns_pattern WHERE id = ?", row -> row.getString(1), id)
                .orElseThrow(() -> new StorageException(StorageErrorCode.NOT_FOUND, "no pattern '" + id + "'"));
        PatternStatus from = PatternStatus.parse("status", current);
        if (from == to) {
            return from;
        }
        if (!from.canBecome(to)) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "pattern '" + id + "' cannot go from " + from.wire()
                    + " to " + to.wire() + " (allowed: discovered→approved, discovered→ignored, approved→ignored, ignored→approved)");
        }
        // the decision first (it outlives the pattern: a rescan that drops it and brings it back keeps it), then the row
        w.update("INSERT INTO patterns_decision(pattern_id, status, status_changed_at, approved_at) SELECT id, ?, "
                + "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), CASE WHEN ? = 'approved' THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                + "ELSE approved_at END FROM patterns_pattern WHERE id = ? ON CONFLICT(pattern_id) DO UPDATE SET "
                + "status = excluded.status, status_changed_at = excluded.status_changed_at, approved_at = excluded.approved_at",
                to.wire(), to.wire(), id);
        w.update("UPDATE patterns_pattern SET (status, status_changed_at, approved_at) = (SELECT status, status_changed_at, approved_at "
                + "FROM patterns_decision WHERE pattern_id = ?) WHERE id = ?", id, id);
        Counters c = new Counters();
        c.add("status:" + from.wire(), -1);
        c.add("status:" + to.wire(), 1);
        c.apply(w);
        return from;
    }

    /** Every pattern and location goes; review decisions stay, for the patterns a later scan brings back. */
    static void clear(SqlWriter w) {
        w.local(PATTERN_KEYS).clear();
        w.update("DELETE FROM patterns_location");
        w.update("DELETE FROM patterns_pattern");
        w.update("INSERT INTO patterns_fts(patterns_fts) VALUES ('delete-all')");
        w.update("DELETE FROM patterns_counts");
    }

}
