package drift.storage.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The manifest: one section per installed domain (figures as plain values, nested maps allowed) plus
 * the last recorded scan.
 *
 * @param sections domain id to that domain's figures, in domain order
 * @param lastScan the most recent scan, if any
 */
public record StatusReport(Map<String, Map<String, Object>> sections, Optional<ScanInfo> lastScan) {
    /** Copies the sections, keeping their order. */
    public StatusReport {
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }
}
