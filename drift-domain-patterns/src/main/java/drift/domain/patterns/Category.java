package drift.domain.patterns;

import drift.storage.api.RowRejectedException;

import java.util.Arrays;
import java.util.Locale;

/** What a pattern is about (FORMAT.md's fifteen categories). */
public enum Category {
    STRUCTURAL, COMPONENTS, STYLING, API, AUTH, ERRORS, DATA_ACCESS, TESTING, LOGGING, SECURITY, CONFIG, TYPES,
    PERFORMANCE, ACCESSIBILITY, DOCUMENTATION;

    /** Once: {@code values()} copies its array on every call. */
    private static final Category[] VALUES = values();

    private final String wire = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The stored form, e.g. {@code data-access}. */
    public String wire() {
        return wire;
    }

    /** Parses the stored form; the error names {@code field} and the allowed values. */
    public static Category parse(String field, String value) {
        for (Category c : VALUES) {
            if (c.wire().equals(value)) {
                return c;
            }
        }
        throw new RowRejectedException(-1, field, "unknown category '" + value + "' (one of "
                + Arrays.stream(values()).map(Category::wire).toList() + ")");
    }
}
