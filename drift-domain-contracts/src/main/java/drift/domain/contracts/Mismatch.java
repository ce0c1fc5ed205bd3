package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

/**
 * A difference between what the backend returns and what a frontend expects.
 *
 * <p>Errors name the field relative to this record ({@code field_path}); the importer prefixes them with
 * the mismatch's place, e.g. {@code mismatches[0].severity}.
 *
 * @param fieldPath the field, e.g. {@code user.email}, required
 * @param type the kind of difference, required
 * @param description free text; null is stored as empty
 * @param severity how much it matters, required
 */
public record Mismatch(String fieldPath, MismatchType type, String description, MismatchSeverity severity) {
    /** Validates the fields. */
    public Mismatch {
        Parts.requireText("field_path", fieldPath);
        if (type == null) {
            throw new RowRejectedException(-1, "mismatch_type", "is required");
        }
        if (severity == null) {
            throw new RowRejectedException(-1, "severity", "is required");
        }
        description = description == null ? "" : description;
    }
}
