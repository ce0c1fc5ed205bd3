package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

import java.util.List;

/**
 * An API contract (FORMAT.md, contracts.ndjson) with its nested parts: the row of
 * {@link ContractStore#CONTRACT}. Stored normalized: the contract, its frontend calls, every response
 * field (backend's and each call's) and its mismatches each in their own table.
 *
 * @param id unique, required
 * @param method the HTTP method, required
 * @param endpoint the path, e.g. {@code /api/users/:id}, required
 * @param status the status the scanner reports, required (see {@link ContractStore#insertContracts} for
 *        how it meets a status a person set)
 * @param confidence 0 to 1
 * @param backend the endpoint's side, required
 * @param frontend the calls of it, in order (null is read as none; no null elements)
 * @param mismatches differences found (null is read as none; no null elements)
 */
public record ContractRow(String id, HttpMethod method, String endpoint, ContractStatus status, double confidence,
                          BackendEndpoint backend, List<FrontendCall> frontend, List<Mismatch> mismatches) {
    /** Validates and copies; errors name the field, nested ones by their place ({@code frontend[1]}). */
    public ContractRow {
        Parts.requireText("id", id);
        if (method == null) {
            throw new RowRejectedException(-1, "method", "is required");
        }
        Parts.requireText("endpoint", endpoint);
        if (status == null) {
            throw new RowRejectedException(-1, "status", "is required");
        }
        if (Double.isNaN(confidence) || confidence < 0 || confidence > 1) {
            throw new RowRejectedException(-1, "confidence", "must be between 0 and 1, was " + confidence);
        }
        if (backend == null) {
            throw new RowRejectedException(-1, "backend", "is required");
        }
        frontend = Parts.copy("frontend", frontend);
        mismatches = Parts.copy("mismatches", mismatches);
    }

    /** The files this contract belongs to: its backend's, then its frontend calls' (each once). */
    public List<String> files() {
        java.util.LinkedHashSet<String> files = new java.util.LinkedHashSet<>();
        files.add(backend.file());
        frontend.forEach(f -> files.add(f.file()));
        return List.copyOf(files);
    }
}
