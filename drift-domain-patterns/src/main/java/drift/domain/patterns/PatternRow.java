package drift.domain.patterns;

import drift.storage.api.RowRejectedException;

import java.util.Objects;

/**
 * A detected pattern as a scanner reports it (FORMAT.md, patterns.ndjson).
 *
 * @param id unique, non-empty
 * @param name display name
 * @param category what it is about
 * @param status review status (kept when an existing pattern is written again)
 * @param confidence 0 to 1
 * @param severity how much a deviation matters
 * @param description free text, searchable
 * @param detector the detector that found it, searchable
 * @param firstSeen ISO-8601 UTC, or null
 * @param lastSeen ISO-8601 UTC, or null
 */
public record PatternRow(String id, String name, Category category, PatternStatus status, double confidence,
                         Severity severity, String description, String detector, String firstSeen, String lastSeen) {
    /** Validates every field; errors name the field. */
    public PatternRow {
        if (id == null || id.isBlank()) {
            throw new RowRejectedException(-1, "id", "must not be empty");
        }
        if (name == null || name.isBlank()) {
            throw new RowRejectedException(-1, "name", "must not be empty");
        }
        require(category, "category");
        require(status, "status");
        require(severity, "severity");
        if (Double.isNaN(confidence) || confidence < 0 || confidence > 1) {
            throw new RowRejectedException(-1, "confidence", "must be between 0 and 1, was " + confidence);
        }
        description = Objects.requireNonNullElse(description, "");
        detector = Objects.requireNonNullElse(detector, "");
        time(firstSeen, "first_seen");
        time(lastSeen, "last_seen");
        if (firstSeen != null && lastSeen != null && java.time.OffsetDateTime.parse(lastSeen).isBefore(java.time.OffsetDateTime.parse(firstSeen))) {
            throw new RowRejectedException(-1, "last_seen", "is before first_seen (" + lastSeen + " < " + firstSeen + ")");
        }
    }

    /** A time is ISO-8601 with its offset (UTC: {@code 2026-01-31T12:00:00Z}), or absent. */
    private static void time(String value, String field) {
        if (value == null) {
            return;
        }
        try {
            java.time.OffsetDateTime.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new RowRejectedException(-1, field, "must be an ISO-8601 time such as 2026-01-31T12:00:00Z, was '"
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
        }
    }

    private static void require(Object v, String field) {
        if (v == null) {
            throw new RowRejectedException(-1, field, "is required");
        }
    }
}
