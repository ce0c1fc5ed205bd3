package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

import java.util.List;

/**
 * A frontend call of an endpoint.
 *
 * @param file where the call is
 * @param line its line
 * @param library fetch, axios... or null
 * @param responseFields the fields it expects
 */
public record FrontendCall(String file, long line, String library, List<ResponseField> responseFields) {
    /** Validates and copies. */
    public FrontendCall {
        if (file == null || file.isBlank()) {
            throw new RowRejectedException(-1, "frontend.file", "is required");
        }
        if (line < 0) {
            throw new RowRejectedException(-1, "frontend.line", "must not be negative, was " + line);
        }
        responseFields = List.copyOf(responseFields);
    }
}
