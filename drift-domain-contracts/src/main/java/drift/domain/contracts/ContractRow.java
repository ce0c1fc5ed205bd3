package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

import java.util.List;

/**
 * An API contract (FORMAT.md, contracts.ndjson) with its nested parts.
 *
 * @param id unique
 * @param method the HTTP method
 * @param endpoint the path, e.g. {@code /api/users/:id}
 * @param status review status
 * @param confidence 0 to 1
 * @param backend the endpoint's side
 * @param frontend the calls of it
 * @param mismatches differences found
 */
public record ContractRow(String id, HttpMethod method, String endpoint, ContractStatus status, double confidence,
                          BackendEndpoint backend, List<FrontendCall> frontend, List<Mismatch> mismatches) {
    /** Validates and copies; errors name the field. */
    public ContractRow {
        if (id == null || id.isBlank()) {
            throw new RowRejectedException(-1, "id", "must not be empty");
        }
        if (method == null) {
            throw new RowRejectedException(-1, "method", "is required");
        }
        if (endpoint == null || endpoint.isBlank()) {
            throw new RowRejectedException(-1, "endpoint", "is required");
        }
        if (status == null) {
            throw new RowRejectedException(-1, "status", "is required");
        }
        if (Double.isNaN(confidence) || confidence < 0 || confidence > 1) {
            throw new RowRejectedException(-1, "confidence", "must be between 0 and 1, was " + confidence);
        }
        if (backend == null) {
            throw new RowRejectedException(-1, "backend", "is required");
        }
        frontend = List.copyOf(frontend);
        mismatches = List.copyOf(mismatches);
    }
}
