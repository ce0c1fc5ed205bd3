package drift.cli.command;

import drift.storage.api.DatabaseManager;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a domain's named read query with the options a command was given: domain commands stay thin,
 * and the domain owns the query's meaning.
 */
final class NamedQueryRunner {
    private final Map<String, String> args = new LinkedHashMap<>();

    /** Adds an argument when the option was given. */
    NamedQueryRunner arg(String name, Object value) {
        if (value != null && !(value instanceof Boolean b && !b)) {
            args.put(name, String.valueOf(value));
        }
        return this;
    }

    /**
     * The query's rows; with {@code --all-repos}, every repository's, each row led by its {@code repo} (repositories in
     * name order, each one's rows in its own order).
     */
    List<Map<String, Object>> run(DbOptions db, String domain, String query) {
        if (!db.allRepos) {
            try (DatabaseManager m = db.openRead()) {
                return m.query(domain, query, args);
            }
        }
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        StorageException missing = null;
        int found = 0;
        for (String repo : db.allRepositories()) {
            try (DatabaseManager m = db.openRead(repo)) {
                for (Map<String, Object> row : m.query(domain, query, args)) {
                    Map<String, Object> tagged = new LinkedHashMap<>();
                    tagged.put("repo", repo);
                    tagged.putAll(row);
                    out.add(tagged);
                }
                found++;
            } catch (StorageException e) {
                if (e.code() != StorageErrorCode.NOT_FOUND) {
                    throw e;
                }
                // what is asked about (a function, a file) is in some repositories only: the others have nothing to add
                missing = missing == null ? e : missing;
            }
        }
        if (found == 0 && missing != null) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "in no repository: " + missing.getMessage(), missing);
        }
        return out;
    }

    /** Runs a query that must find something; NOT_FOUND (exit 3) otherwise. */
    List<Map<String, Object>> runExpectingRows(DbOptions db, String domain, String query, String what) {
        List<Map<String, Object>> rows = run(db, domain, query);
        if (rows.isEmpty()) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "no " + what);
        }
        return rows;
    }
}
