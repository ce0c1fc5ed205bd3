package drift.domain.patterns;

import drift.storage.api.RowRejectedException;

import java.util.Arrays;
import java.util.Locale;

/** Review status of a pattern. Valid changes: discovered→approved|ignored, approved→ignored, ignored→approved. */
public enum PatternStatus {
    /** Found by a detector, not reviewed. */
    DISCOVERED,
    /** Accepted as a convention. */
    APPROVED,
    /** Rejected. */
    IGNORED;

    /** Once: {@code values()} copies its array on every call. */
    private static final PatternStatus[] VALUES = values();

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The stored form. */
    public String wire() {
        return wire;
    }

    /** Whether a review may move a pattern from this status to {@code to}. */
    public boolean canBecome(PatternStatus to) {
        return switch (this) {
            case DISCOVERED -> to == APPROVED || to == IGNORED;
            case APPROVED -> to == IGNORED;
            case IGNORED -> to == APPROVED;
        };
    }

    /** Parses the stored form; the error names {@code field}. */
    public static PatternStatus parse(String field, String value) {
        for (PatternStatus s : VALUES) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new RowRejectedException(-1, field, "unknown status '" + value + "' (one of "
                + Arrays.stream(values()).map(PatternStatus::wire).toList() + ")");
    }
}
