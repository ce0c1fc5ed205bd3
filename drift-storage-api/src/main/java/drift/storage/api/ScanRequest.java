package drift.storage.api;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a scan is about to write ({@link DatabaseManager#beginScan}).
 *
 * @param root the scanned root, as it should be recorded (a folder, a jar, a URL)
 * @param revision the revision scanned (a git commit, say), or {@code null}
 * @param mode what the scan covers: some files, or the whole codebase (see {@link ScanMode})
 * @param domains the domains the scan writes (empty: every installed domain). File replacement, removal of
 *        vanished files and clearing touch only these; other domains keep what they hold
 * @param attributes anything else to record with the scan
 */
public record ScanRequest(String root, String revision, ScanMode mode, Set<String> domains, Map<String, String> attributes) {
    /** Validates the fields; the domains are kept sorted. */
    public ScanRequest {
        Objects.requireNonNull(root, "root");
        if (root.isBlank()) {
            throw new IllegalArgumentException("root must not be blank");
        }
        Objects.requireNonNull(mode, "mode");
        domains = Set.copyOf(new TreeSet<>(domains == null ? Set.of() : domains));
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }

    /** A scan of some files of {@code root}: the files it declares are replaced, the others stay. */
    public static ScanRequest merge(String root) {
        return new ScanRequest(root, null, ScanMode.MERGE, Set.of(), Map.of());
    }

    /** A scan of the whole of {@code root}: unchanged files are kept, vanished ones removed. */
    public static ScanRequest snapshot(String root) {
        return new ScanRequest(root, null, ScanMode.SNAPSHOT, Set.of(), Map.of());
    }

    /** A scan of the whole of {@code root} that rewrites everything. */
    public static ScanRequest replace(String root) {
        return new ScanRequest(root, null, ScanMode.REPLACE, Set.of(), Map.of());
    }

    /** This request with another revision. */
    public ScanRequest withRevision(String revision) {
        return new ScanRequest(root, revision, mode, domains, attributes);
    }

    /** This request covering only {@code domains}. */
    public ScanRequest withDomains(Set<String> domains) {
        return new ScanRequest(root, revision, mode, domains, attributes);
    }

    /** This request with these attributes. */
    public ScanRequest withAttributes(Map<String, String> attributes) {
        return new ScanRequest(root, revision, mode, domains, attributes);
    }

    /** This request in another mode. */
    public ScanRequest withMode(ScanMode mode) {
        return new ScanRequest(root, revision, mode, domains, attributes);
    }
}
