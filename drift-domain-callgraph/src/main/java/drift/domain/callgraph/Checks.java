package drift.domain.callgraph;

import drift.storage.api.RowRejectedException;

/** Field checks shared by the row records. */
final class Checks {
    private Checks() {
    }

    static void notEmpty(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new RowRejectedException(-1, field, "is required and must not be empty");
        }
    }

    static void notNegative(String field, long value) {
        if (value < 0) {
            throw new RowRejectedException(-1, field, "must not be negative, was " + value);
        }
    }
}
