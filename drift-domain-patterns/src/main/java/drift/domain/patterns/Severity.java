package drift.domain.patterns;

import drift.storage.api.RowRejectedException;

import java.util.Arrays;
import java.util.Locale;

/** How much a deviation from a pattern matters. */
public enum Severity {
    ERROR, WARNING, INFO, HINT;

    /** The stored form. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the stored form; the error names {@code field}. */
    public static Severity parse(String field, String value) {
        for (Severity s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new RowRejectedException(-1, field, "unknown severity '" + value + "' (one of "
                + Arrays.stream(values()).map(Severity::wire).toList() + ")");
    }
}
