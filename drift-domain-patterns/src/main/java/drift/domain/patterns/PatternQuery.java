package drift.domain.patterns;

import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

/**
 * Filters, order and paging for {@link PatternStore#queryPatterns} and {@link PatternStore#searchPatterns}.
 * Every filter is optional (null = any).
 *
 * @param category only this category
 * @param status only this status
 * @param minConfidence only patterns at least this confident
 * @param file only patterns with a location in this file
 * @param severity only this severity
 * @param order confidence (highest first) or name; a search ranks by relevance instead
 * @param limit page size, 1 to 10,000
 * @param offset rows to skip (prefer {@code cursor} for deep pages)
 * @param cursor the {@link PatternPage#nextCursor()} of the previous page, or null
 */
public record PatternQuery(Category category, PatternStatus status, Double minConfidence, String file, Severity severity,
                           Order order, int limit, int offset, String cursor) {
    /** Sort orders. */
    public enum Order {
        /** Highest confidence first, then id. */
        CONFIDENCE,
        /** By name, then id. */
        NAME
    }

    /** Validates the values; errors name the option. */
    public PatternQuery {
        if (minConfidence != null && (minConfidence.isNaN() || minConfidence < 0 || minConfidence > 1)) {
            throw invalid("min confidence must be between 0 and 1, was " + minConfidence);
        }
        if (limit < 1 || limit > 10_000) {
            throw invalid("limit must be between 1 and 10000, was " + limit);
        }
        if (offset < 0) {
            throw invalid("offset must not be negative, was " + offset);
        }
        if (cursor != null && offset != 0) {
            throw invalid("give either a cursor or an offset, not both");
        }
        order = order == null ? Order.CONFIDENCE : order;
    }

    private static StorageException invalid(String message) {
        return new StorageException(StorageErrorCode.INVALID_ARGUMENT, message);
    }

    /** All patterns, by confidence, 50 per page. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link PatternQuery}. */
    public static final class Builder {
        private Category category;
        private PatternStatus status;
        private Double minConfidence;
        private String file;
        private Severity severity;
        private Order order = Order.CONFIDENCE;
        private int limit = 50;
        private int offset;
        private String cursor;

        private Builder() {
        }

        /** Only this category. */
        public Builder category(Category v) { category = v; return this; }

        /** Only this status. */
        public Builder status(PatternStatus v) { status = v; return this; }

        /** Only at least this confident. */
        public Builder minConfidence(Double v) { minConfidence = v; return this; }

        /** Only with a location in this file. */
        public Builder file(String v) { file = v; return this; }

        /** Only this severity. */
        public Builder severity(Severity v) { severity = v; return this; }

        /** Sort order. */
        public Builder order(Order v) { order = v; return this; }

        /** Page size. */
        public Builder limit(int v) { limit = v; return this; }

        /** Rows to skip. */
        public Builder offset(int v) { offset = v; return this; }

        /** Continue after this cursor. */
        public Builder cursor(String v) { cursor = v; return this; }

        /** Validates and builds. */
        public PatternQuery build() {
            return new PatternQuery(category, status, minConfidence, file, severity, order, limit, offset, cursor);
        }
    }
}
