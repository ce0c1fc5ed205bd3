package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

import java.util.List;

/** Validation shared by the row records, so every record words its errors the same way. */
final class Parts {
    private Parts() {
    }

    static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new RowRejectedException(-1, field, "is required");
        }
    }

    static void requireLine(String field, long line) {
        if (line < 0) {
            throw new RowRejectedException(-1, field, "must not be negative, was " + line);
        }
    }

    /** An immutable copy; null means none, a null element is named by its index ({@code frontend[1]}). */
    static <T> List<T> copy(String field, List<T> values) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new RowRejectedException(-1, field + "[" + i + "]", "must not be null");
            }
        }
        return List.copyOf(values);
    }
}
