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

    /** The stored form. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the stored form; the error names {@code field}. */
    public static MismatchSeverity parse(String field, String value) {
        for (MismatchSeverity s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new RowRejectedException(-1, field, "unknown severity '" + value + "' (one of error, warning, info)");
    }
}
