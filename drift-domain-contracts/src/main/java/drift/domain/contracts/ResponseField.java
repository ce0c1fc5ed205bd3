package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

/**
 * A field of a response body, as the backend sends it or a frontend expects it (or of a request body, as the
 * backend reads it).
 *
 * <p>Errors name the field relative to this record ({@code name}); the importer prefixes them with the
 * record's path, e.g. {@code frontend[1].response_fields[0].name}.
 *
 * @param name the field name, required
 * @param type its type (string, number, boolean, object, array...), required
 * @param optional whether it may be absent
 * @param nullable whether it may be null
 */
public record ResponseField(String name, String type, boolean optional, boolean nullable) {
    /** Validates the fields. */
    public ResponseField {
        if (name == null || name.isBlank()) {
            throw new RowRejectedException(-1, "name", "is required");
        }
        if (type == null || type.isBlank()) {
            throw new RowRejectedException(-1, "type", "is required");
        }
    }
}
