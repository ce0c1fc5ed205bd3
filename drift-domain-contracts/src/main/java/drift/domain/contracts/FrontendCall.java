package drift.domain.contracts;

import java.util.List;

/**
 * A frontend call of an endpoint, with the response fields it expects.
 *
 * <p>Errors name the field relative to this record ({@code file}); the importer prefixes them with the
 * call's place, e.g. {@code frontend[1].file}.
 *
 * @param file where the call is, required
 * @param line its line, not negative
 * @param library fetch, axios... or null
 * @param responseFields the fields it expects (null is read as none; no null elements)
 */
public record FrontendCall(String file, long line, String library, List<ResponseField> responseFields) {
    /** Validates and copies. */
    public FrontendCall {
        Parts.requireText("file", file);
        Parts.requireLine("line", line);
        responseFields = Parts.copy("response_fields", responseFields);
    }
}
