package drift.storage.api;

import java.util.List;

/**
 * An installed domain as the store sees it.
 *
 * @param id the domain id
 * @param description what it stores
 * @param module the Java module that provides it (or "unnamed")
 * @param schemaVersion the schema version applied to this database
 * @param latestVersion the newest schema version the installed code knows
 * @param rowTypes the row kinds it accepts
 * @param queries the named read queries it offers
 * @param importFiles the dataset files it can import
 * @param installed false for a domain the database holds (a schema, tables) whose module is not installed: its data
 *        is kept, and nothing of it is read or written until the module is back
 * @param tables the domain's tables in the database
 */
public record DomainInfo(String id, String description, String module, int schemaVersion, int latestVersion,
                         List<String> rowTypes, List<String> queries, List<String> importFiles, boolean installed,
                         List<String> tables) {
    /** Copies the lists. */
    public DomainInfo {
        rowTypes = List.copyOf(rowTypes);
        queries = List.copyOf(queries);
        importFiles = List.copyOf(importFiles);
        tables = List.copyOf(tables);
    }

    /** How the description of a domain {@link #unavailable()} on a store starts; the rest says why. */
    public static final String UNAVAILABLE = "unavailable on this store: ";

    /**
     * Whether the domain's module is installed but cannot run on this store (on PostgreSQL: it ships no
     * {@code postgresql/} migrations); the store serves the other domains. {@link #installed()} is false.
     */
    public boolean unavailable() {
        return !installed && description.startsWith(UNAVAILABLE);
    }

    /** Whether the schema in the database is newer than the installed code (the database was written by a newer drift). */
    public boolean tooNew() {
        return installed && schemaVersion > latestVersion;
    }
}
