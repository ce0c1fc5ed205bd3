package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

/**
 * A difference between what the backend returns and what a frontend expects.
 *
 * @param fieldPath the field, e.g. {@code user.email}
 * @param type the kind of difference
 * @param description free text
 * @param severity how much it matters
 */
public record Mismatch(String fieldPath, MismatchType type, String description, MismatchSeverity severity) {
    /** Validates the fields. */
    public Mismatch {
        if (fieldPath == null || fieldPath.isBlank()) {
            throw new RowRejectedException(-1, "field_path", "is required");
        }
        if (type == null) {
            throw new RowRejectedException(-1, "mismatch_type", "is required");
        }
        if (severity == null) {
            throw new RowRejectedException(-1, "severity", "is required");
        }
        description = description == null ? "" : description;
    }
}
