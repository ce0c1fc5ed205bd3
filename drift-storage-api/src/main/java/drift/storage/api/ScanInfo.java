package drift.storage.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One scan in the store's history ({@link DatabaseManager#scans}).
 *
 * @param id the scan's id, increasing
 * @param root the scanned root (a folder, usually)
 * @param revision the revision scanned (a git commit), or {@code null}
 * @param mode merge, snapshot or replace
 * @param startedAt when the scan began
 * @param endedAt when it committed or was rolled back
 * @param outcome committed, failed or abandoned
 * @param files files added, changed, removed and unchanged
 * @param rows rows written, by row type name ({@code domain/kind}); what a failed scan had written before it failed
 * @param attributes anything else the producer reported (its own timings, the dataset's scale...), and for a
 *        failed scan the reason under {@code error}
 */
public record ScanInfo(long id, String root, String revision, ScanMode mode, Instant startedAt, Instant endedAt,
                       ScanOutcome outcome, ScanFiles files, Map<String, Long> rows, Map<String, String> attributes) {
    /** Validates the fields; the maps are copied in key order. */
    public ScanInfo {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(files, "files");
        rows = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(rows == null ? Map.of() : rows)));
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(attributes == null ? Map.of() : attributes)));
    }

    /** How long the scan took, from its begin to its commit or rollback. */
    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }

    /** Rows written in all. */
    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The scan as plain JSON values, as reports show it: id, outcome, mode, root, revision, started_at, ended_at,
     * duration_ms, files (added, changed, removed, unchanged), rows, attributes.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
        m.put("mode", mode.name().toLowerCase(Locale.ROOT));
        m.put("root", root);
        m.put("revision", revision);
        m.put("started_at", startedAt.toString());
        m.put("ended_at", endedAt.toString());
        m.put("duration_ms", duration().toMillis());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("added", files.added());
        f.put("changed", files.changed());
        f.put("removed", files.removed());
        f.put("unchanged", files.unchanged());
        m.put("files", f);
        m.put("rows", rows);
        m.put("attributes", attributes);
        return m;
    }
}
