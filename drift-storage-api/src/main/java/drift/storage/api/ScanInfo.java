package drift.storage.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One recorded scan (the platform's {@code record_scan}).
 *
 * @param id assigned by the store; 0 for a scan not yet recorded
 * @param root the scanned folder
 * @param startedAt when the scan started
 * @param durationMs how long it took
 * @param filesScanned how many files it read
 * @param attributes anything else the scanner reported, as text
 */
public record ScanInfo(long id, String root, Instant startedAt, long durationMs, long filesScanned,
                       Map<String, String> attributes) {
    /** Validates the fields. */
    public ScanInfo {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(startedAt, "startedAt");
        if (durationMs < 0) {
            throw new IllegalArgumentException("durationMs must be >= 0, was " + durationMs);
        }
        if (filesScanned < 0) {
            throw new IllegalArgumentException("filesScanned must be >= 0, was " + filesScanned);
        }
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }
}
