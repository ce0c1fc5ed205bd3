package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Review status of a contract. Valid changes: discovered→verified|mismatch|ignored,
 * mismatch→verified|ignored|discovered, verified→mismatch|ignored, ignored→discovered|verified.
 */
public enum ContractStatus {
    DISCOVERED, VERIFIED, MISMATCH, IGNORED;

    /** The stored form. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The statuses this one may change to. */
    public Set<ContractStatus> next() {
        return switch (this) {
            case DISCOVERED -> EnumSet.of(VERIFIED, MISMATCH, IGNORED);
            case MISMATCH -> EnumSet.of(VERIFIED, IGNORED, DISCOVERED);
            case VERIFIED -> EnumSet.of(MISMATCH, IGNORED);
            case IGNORED -> EnumSet.of(DISCOVERED, VERIFIED);
        };
    }

    /** Parses the stored form; the error names {@code field}. */
    public static ContractStatus parse(String field, String value) {
        for (ContractStatus s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new RowRejectedException(-1, field, "unknown status '" + value + "' (one of discovered, verified, mismatch, ignored)");
    }
}
