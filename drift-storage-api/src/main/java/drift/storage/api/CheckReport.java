package drift.storage.api;

import java.util.List;

/**
 * What {@link DatabaseManager#check()} found.
 *
 * @param integrity SQLite's integrity check of the whole file, on a connection of its own: {@code ["ok"]}, or each
 *        problem (it covers the full-text indexes too)
 * @param domains every domain with its schema version in the file and in the installed code, installed or not
 * @param indexesWaiting indexes a bulk load left to build (a writable open builds them)
 */
public record CheckReport(List<String> integrity, List<DomainInfo> domains, long indexesWaiting) {
    /** Copies the lists. */
    public CheckReport {
        integrity = List.copyOf(integrity);
        domains = List.copyOf(domains);
    }

    /** Whether the file is sound and every installed domain's schema is the code's. */
    public boolean ok() {
        return integrity.equals(List.of("ok")) && domains.stream().filter(DomainInfo::installed)
                .allMatch(d -> d.schemaVersion() == d.latestVersion());
    }
}
