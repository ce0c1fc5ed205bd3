package drift.domain.patterns.internal;

import drift.storage.api.JsonArray;
import drift.domain.patterns.LocationRow;
import drift.domain.patterns.PatternRow;
import drift.domain.patterns.PatternStatus;
import drift.storage.api.BulkInsert;
import drift.storage.api.RowRejectedException;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The write side: batch handlers, the review workflow, clearing. Runs on the writer thread. */
final class PatternWrites {
    // the review status is deliberately not in the update list: a rescan must not undo a person's decision
    private static final BulkInsert UPSERT = BulkInsert.into("patterns_pattern", "id", "name", "category", "status",
            "confidence", "severity", "description", "detector", "first_seen", "last_seen").suffix(
            "ON CONFLICT(id) DO UPDATE SET name = excluded.name, category = excluded.category, confidence = excluded.confidence, "
                    + "severity = excluded.severity, description = excluded.description, detector = excluded.detector, "
                    + "first_seen = coalesce(min(first_seen, excluded.first_seen), first_seen, excluded.first_seen), "
                    + "last_seen = coalesce(max(last_seen, excluded.last_seen), last_seen, excluded.last_seen)");
    private static final String FTS_FROM_TABLE = "INSERT INTO patterns_fts(rowid, name, description, detector) "
            + "SELECT pk, name, description, detector FROM patterns_pattern WHERE ";

    private static final BulkInsert LOCATION = BulkInsert.into("patterns_location", "pattern_id", "file", "line", "col",
            "end_line", "end_col", "is_outlier", "reason", "deviation_score");

    private static final String IN_BATCH = "id IN (SELECT value FROM json_each(?))";

    private PatternWrites() {
    }

    /**
     * Upserts patterns, keeping each existing pattern's review status; keeps the full-text index and the
     * counters in step, in the same transaction.
     *
     * <p>SQLite gives new rows the keys above the current maximum, so their full-text rows are copied from
     * the table by one key-range scan: passing the text back through the binding again cost more (each
     * bound value is a JNI crossing with a UTF-8 copy) than SQLite reading pages it has just written.
     */
    static void writePatterns(SqlWriter w, List<PatternRow> rows) {
        // the last row of an id wins, as if the rows had been written one by one
        Map<String, PatternRow> byId = new LinkedHashMap<>();
        for (PatternRow r : rows) {
            byId.put(r.id(), r);
        }
        long maxPk = w.queryLong("SELECT coalesce(max(pk), 0) FROM patterns_pattern");
        Map<String, String> oldCategory = new HashMap<>();
        String ids = null;
        if (maxPk > 0) {
            // (an empty table has nothing to update: the probe is skipped for a first import)
            ids = JsonArray.of(byId.keySet());
            w.forEach("SELECT id, category FROM patterns_pattern WHERE " + IN_BATCH, row -> {
                oldCategory.put(row.getString(1), row.getString(2));
                return true;
            }, ids);
            if (!oldCategory.isEmpty()) {
                // external-content FTS: remove the old text before the row changes
                w.update("INSERT INTO patterns_fts(patterns_fts, rowid, name, description, detector) "
                        + "SELECT 'delete', pk, name, description, detector FROM patterns_pattern WHERE " + IN_BATCH, ids);
            }
        }
        w.insertAll(UPSERT, byId.values(), (r, v) -> v.text(r.id()).text(r.name()).text(r.category().wire())
                .text(r.status().wire()).real(r.confidence()).text(r.severity().wire()).text(r.description())
                .text(r.detector()).text(r.firstSeen()).text(r.lastSeen()));
        if (oldCategory.size() < byId.size()) {
            w.update(FTS_FROM_TABLE + "pk > ?", maxPk);
        }
        if (!oldCategory.isEmpty()) {
            w.update(FTS_FROM_TABLE + IN_BATCH + " AND pk <= ?", ids, maxPk);
        }
        Counters c = new Counters();
        for (PatternRow r : byId.values()) {
            String old = oldCategory.get(r.id());
            if (old == null) {
                c.add("total", 1);
                c.add("status:" + r.status().wire(), 1);
                c.add("category:" + r.category().wire(), 1);
            } else if (!old.equals(r.category().wire())) {
                c.add("category:" + old, -1);
                c.add("category:" + r.category().wire(), 1);
            }
        }
        c.apply(w);
    }

    /** Inserts locations after checking that every pattern they name exists. */
    static void writeLocations(SqlWriter w, List<LocationRow> rows) {
        Set<String> ids = new LinkedHashSet<>();
        rows.forEach(r -> ids.add(r.patternId()));
        w.first("SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM patterns_pattern) LIMIT 1",
                row -> row.getString(1), JsonArray.of(ids)).ifPresent(missing -> {
                    for (int i = 0; i < rows.size(); i++) {
                        if (rows.get(i).patternId().equals(missing)) {
                            throw new RowRejectedException(i, "pattern_id", "no pattern '" + missing + "' (write the pattern first)");
                        }
                    }
                });
        w.insertAll(LOCATION, rows, (r, v) -> v.text(r.patternId()).text(r.file()).integer(r.line()).integer(r.column())
                .integer(r.endLine()).integer(r.endColumn()).bool(r.outlier()).text(r.reason()).real(r.deviationScore()));
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
        w.update("DELETE FROM patterns_location");
        w.update("DELETE FROM patterns_pattern");
        w.update("INSERT INTO patterns_fts(patterns_fts) VALUES ('delete-all')");
        w.update("DELETE FROM patterns_counts");
    }

}
