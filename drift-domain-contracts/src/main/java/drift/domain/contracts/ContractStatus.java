package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Review status of a contract. The changes a person may make ({@link ContractStore#updateContractStatus}):
 * <ul>
 *   <li>discovered → verified, mismatch or ignored</li>
 *   <li>mismatch → verified or ignored</li>
 *   <li>verified → mismatch or ignored</li>
 *   <li>ignored → discovered or verified</li>
 * </ul>
 * Nothing goes back to discovered except an ignored contract being reopened: "discovered" means nobody
 * has looked yet, which stops being true once someone has.
 */
public enum ContractStatus {
    /** Found by the scanner, not reviewed. */
    DISCOVERED,
    /** A person (or the scanner) found the frontend and backend agree. */
    VERIFIED,
    /** The frontend and backend disagree. */
    MISMATCH,
    /** A person chose not to track this contract. */
    IGNORED;

    /** Once: {@code values()} copies its array on every call. */
    private static final ContractStatus[] VALUES = values();

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The stored form, e.g. {@code verified}. */
    public String wire() {
        return wire;
    }

    /** The statuses this one may change to. */
    public Set<ContractStatus> next() {
        return switch (this) {
            case DISCOVERED -> EnumSet.of(VERIFIED, MISMATCH, IGNORED);
            case MISMATCH -> EnumSet.of(VERIFIED, IGNORED);
            case VERIFIED -> EnumSet.of(MISMATCH, IGNORED);
            case IGNORED -> EnumSet.of(DISCOVERED, VERIFIED);
        };
    }

    /** Whether a person may change this status to {@code to}. */
    public boolean canChangeTo(ContractStatus to) {
        return next().contains(to);
    }

    /** Parses the stored form (exactly, lower case); the error names {@code field}. */
    public static ContractStatus parse(String field, String value) {
        for (ContractStatus s : VALUES) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new RowRejectedException(-1, field, "unknown status '" + value + "' (one of discovered, verified, mismatch, ignored)");
    }
}
