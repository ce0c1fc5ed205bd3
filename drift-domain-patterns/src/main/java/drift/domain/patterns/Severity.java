package drift.domain.patterns;

import drift.storage.api.RowRejectedException;

import java.util.Arrays;
import java.util.Locale;

/** How much a deviation from a pattern matters. */
public enum Severity {
    ERROR, WARNING, INFO, HINT;

    /** Once: {@code values()} copies its array on every call. */
    private static final Severity[] VALUES = values();

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The stored form. */
    public String wire() {
        return wire;
    }

    /** Parses the stored form; the error names {@code field}. */
    public static Severity parse(String field, String value) {
        for (Severity s : VALUES) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new RowRejectedException(-1, field, "unknown severity '" + value + "' (one of "
                + Arrays.stream(values()).map(Severity::wire).toList() + ")");
    }
}
