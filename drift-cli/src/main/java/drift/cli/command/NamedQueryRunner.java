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

    List<Map<String, Object>> run(DbOptions db, String domain, String query) {
        try (DatabaseManager m = db.openRead()) {
            return m.query(domain, query, args);
        }
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
