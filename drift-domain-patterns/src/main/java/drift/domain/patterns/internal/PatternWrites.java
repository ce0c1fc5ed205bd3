package drift.domain.patterns.internal;

import drift.storage.api.JsonArray;
import drift.domain.patterns.LocationRow;
import drift.domain.patterns.PatternRow;
import drift.domain.patterns.PatternStatus;
import drift.storage.api.BulkInsert;
import drift.storage.api.KeyCache;
import drift.storage.api.WriterLocal;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The write side: batch handlers, the review workflow, clearing. Runs on the writer thread. */
final class PatternWrites {
    /** Pattern ids to keys, per open database. */
    static final WriterLocal<KeyCache> PATTERN_KEYS = WriterLocal.of("patterns pattern keys",
            () -> new KeyCache("patterns_pattern", "id", "pk", KeyCache.DEFAULT_CAPACITY));

    // the review status is deliberately not in the update list: a rescan must not undo a person's decision
    private static final BulkInsert UPSERT = BulkInsert.into("patterns_pattern", "pk", "id", "name", "category", "status",
            "confidence", "severity", "description", "detector", "first_seen", "last_seen").suffix(
            "ON CONFLICT(id) DO UPDATE SET name = excluded.name, category = excluded.category, confidence = excluded.confidence, "
                    + "severity = excluded.severity, description = excluded.description, detector = excluded.detector, "
                    + "first_seen = coalesce(min(first_seen, excluded.first_seen), first_seen, excluded.first_seen), "
                    + "last_seen = coalesce(max(last_seen, excluded.last_seen), last_seen, excluded.last_seen)");
    private static final String FTS_FROM_TABLE = "INSERT INTO patterns_fts(rowid, name, description, detector) "
            + "SELECT pk, name, description, detector FROM patterns_pattern WHERE ";

    private static final BulkInsert LOCATION = BulkInsert.into("patterns_location", "pattern_pk", "file", "line", "col",
            "end_line", "end_col", "is_outlier", "reason", "deviation_score");

    private static final String IN_BATCH = "id IN (SELECT value FROM json_each(?))";

    private PatternWrites() {
    }

    /** An existing pattern's key and the category the counters follow. */
    private record Existing(long pk, String category) {
    }

    /**
     * Upserts patterns, keeping each existing pattern's review status; keeps the full-text index and the
     * counters in step, in the same transaction.
     *
     * <p>New patterns get their keys here, above the current maximum (the writer is the only one): the
     * locations that follow find them in memory, and the new full-text rows are copied from the table by
     * one key-range scan. Passing the text back through the binding again cost more (each bound value is
     * a JNI crossing with a UTF-8 copy) than SQLite reading pages it has just written.
     */
    static void writePatterns(SqlWriter w, List<PatternRow> rows) {
        // rows of one id combine as if they had been written one by one (so the result does not depend on
        // how rows were split into batches, nor on the writer handing several batches over at once)
        Map<String, PatternRow> byId = new LinkedHashMap<>();
        for (PatternRow r : rows) {
            byId.merge(r.id(), r, PatternWrites::upserted);
        }
        long maxPk = w.queryLong("SELECT coalesce(max(pk), 0) FROM patterns_pattern");
        Map<String, Existing> existing = new HashMap<>();
        String ids = null;
        if (maxPk > 0) {
            // (an empty table has nothing to update: the probe is skipped for a first import)
            ids = JsonArray.of(byId.keySet());
            w.forEach("SELECT id, pk, category FROM patterns_pattern WHERE " + IN_BATCH, row -> {
                existing.put(row.getString(1), new Existing(row.getLong(2), row.getString(3)));
                return true;
            }, ids);
            if (!existing.isEmpty()) {
                // external-content FTS: remove the old text before the row changes
                w.update("INSERT INTO patterns_fts(patterns_fts, rowid, name, description, detector) "
                        + "SELECT 'delete', pk, name, description, detector FROM patterns_pattern WHERE " + IN_BATCH, ids);
            }
        }
        Map<String, Long> pks = new HashMap<>(byId.size() * 2);
        long next = maxPk;
        for (String id : byId.keySet()) {
            Existing e = existing.get(id);
            pks.put(id, e != null ? e.pk() : ++next);
        }
        w.insertAll(UPSERT, byId.values(), (r, v) -> v.integer(pks.get(r.id())).text(r.id()).text(r.name())
                .text(r.category().wire()).text(r.status().wire()).real(r.confidence()).text(r.severity().wire())
                .text(r.description()).text(r.detector()).text(r.firstSeen()).text(r.lastSeen()));
        if (existing.size() < byId.size()) {
            w.update(FTS_FROM_TABLE + "pk > ?", maxPk);
        }
        if (!existing.isEmpty()) {
            w.update(FTS_FROM_TABLE + IN_BATCH + " AND pk <= ?", ids, maxPk);
        }
        KeyCache keys = w.local(PATTERN_KEYS);
        pks.forEach((id, pk) -> keys.put(w, id, pk));
        Counters c = new Counters();
        for (PatternRow r : byId.values()) {
            Existing old = existing.get(r.id());
            if (old == null) {
                c.add("total", 1);
                c.add("status:" + r.status().wire(), 1);
                c.add("category:" + r.category().wire(), 1);
            } else if (!old.category().equals(r.category().wire())) {
                c.add("category:" + old.category(), -1);
                c.add("category:" + r.category().wire(), 1);
            }
        }
        c.apply(w);
    }

    /** What the upsert makes of {@code stored} when {@code next} arrives: its status stays, the seen times widen. */
    static PatternRow upserted(PatternRow stored, PatternRow next) {
        return new PatternRow(next.id(), next.name(), next.category(), stored.status(), next.confidence(), next.severity(),
                next.description(), next.detector(), earliest(stored.firstSeen(), next.firstSeen()),
                latest(stored.lastSeen(), next.lastSeen()));
    }

    private static String earliest(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private static String latest(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
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
        w.update("UPDATE patterns_pattern SET status = ?, status_changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
                + "approved_at = CASE WHEN ? = 'approved' THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE approved_at END "
                + "WHERE id = ?", to.wire(), to.wire(), id);
        Counters c = new Counters();
        c.add("status:" + from.wire(), -1);
        c.add("status:" + to.wire(), 1);
        c.apply(w);
        return from;
    }

    static void clear(SqlWriter w) {
        w.local(PATTERN_KEYS).clear();
        w.update("DELETE FROM patterns_location");
        w.update("DELETE FROM patterns_pattern");
        w.update("INSERT INTO patterns_fts(patterns_fts) VALUES ('delete-all')");
        w.update("DELETE FROM patterns_counts");
    }

}
