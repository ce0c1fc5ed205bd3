package drift.storage.api;

import java.util.List;
import java.util.Objects;

/**
 * A named read query an installed domain offers ({@link DatabaseManager#query}), as tools list it.
 *
 * @param domain the domain's id
 * @param name the query's name
 * @param description one line
 * @param parameters the argument names it understands
 */
public record QueryInfo(String domain, String name, String description, List<String> parameters) {
    /** Validates and copies. */
    public QueryInfo {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        parameters = List.copyOf(parameters);
    }
}
