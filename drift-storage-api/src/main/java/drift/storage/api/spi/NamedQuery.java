package drift.storage.api.spi;

import drift.storage.api.SqlReader;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A read query a domain offers by name, so tools can run it without knowing the domain.
 *
 * @param name the query name
 * @param description one line
 * @param parameters the argument names it understands
 * @param run runs the query; rows as ordered maps of plain values
 */
public record NamedQuery(String name, String description, List<String> parameters, Runner run) {
    /** Validates the fields. */
    public NamedQuery {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(run, "run");
    }

    /** Runs a named query. */
    @FunctionalInterface
    public interface Runner {
        /** Runs with the given arguments (validated by the runner, errors naming the argument). */
        List<Map<String, Object>> run(SqlReader reader, Map<String, String> arguments);
    }
}
