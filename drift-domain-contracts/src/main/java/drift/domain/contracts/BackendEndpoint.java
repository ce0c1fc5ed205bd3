package drift.domain.contracts;

import java.util.List;

/**
 * The backend side of a contract: where the endpoint is defined, what it returns and what body it takes.
 *
 * <p>Errors name the field relative to this record ({@code file}, {@code response_fields[2]}); the
 * importer prefixes them with {@code backend.}.
 *
 * @param file where the endpoint is defined, required
 * @param line its line, not negative
 * @param framework fastapi, express... or null
 * @param responseFields what it returns (null is read as none; no null elements)
 * @param requestFields the fields of the request body it reads (null is read as none; no null elements)
 */
public record BackendEndpoint(String file, long line, String framework, List<ResponseField> responseFields,
                              List<ResponseField> requestFields) {
    /** Validates and copies. */
    public BackendEndpoint {
        Parts.requireText("file", file);
        Parts.requireLine("line", line);
        responseFields = Parts.copy("response_fields", responseFields);
        requestFields = Parts.copy("request_fields", requestFields);
    }

    /** An endpoint whose request body is not known. */
    public BackendEndpoint(String file, long line, String framework, List<ResponseField> responseFields) {
        this(file, line, framework, responseFields, List.of());
    }
}
