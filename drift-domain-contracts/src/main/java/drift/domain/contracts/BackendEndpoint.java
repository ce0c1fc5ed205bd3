package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

import java.util.List;

/**
 * The backend side of a contract.
 *
 * @param file where the endpoint is defined
 * @param line its line
 * @param framework fastapi, express... or null
 * @param responseFields what it returns
 */
public record BackendEndpoint(String file, long line, String framework, List<ResponseField> responseFields) {
    /** Validates and copies. */
    public BackendEndpoint {
        if (file == null || file.isBlank()) {
            throw new RowRejectedException(-1, "backend.file", "is required");
        }
        if (line < 0) {
            throw new RowRejectedException(-1, "backend.line", "must not be negative, was " + line);
        }
        responseFields = List.copyOf(responseFields);
    }
}
