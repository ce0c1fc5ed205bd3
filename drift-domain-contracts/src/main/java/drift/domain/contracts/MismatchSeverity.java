package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

import java.util.Locale;

/** How much a mismatch matters. */
public enum MismatchSeverity {
    /** Breaks the frontend. */
    ERROR,
    /** May break it in some cases. */
    WARNING,
    /** Worth knowing. */
    INFO;

    /** Once: {@code values()} copies its array on every call. */
    private static final MismatchSeverity[] VALUES = values();

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The stored form. */
    public String wire() {
        return wire;
    }

    /** Parses the stored form; the error names {@code field}. */
    public static MismatchSeverity parse(String field, String value) {
        for (MismatchSeverity s : VALUES) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new RowRejectedException(-1, field, "unknown severity '" + value + "' (one of error, warning, info)");
    }
}
