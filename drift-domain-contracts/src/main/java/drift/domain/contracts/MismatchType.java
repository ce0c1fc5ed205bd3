package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

import java.util.Locale;

/** How a frontend's expectation differs from the backend's response. */
public enum MismatchType {
    MISSING_IN_FRONTEND, MISSING_IN_BACKEND, TYPE_MISMATCH, OPTIONALITY_MISMATCH, NULLABILITY_MISMATCH;

    /** The stored form, e.g. {@code type_mismatch}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the stored form; the error names {@code field}. */
    public static MismatchType parse(String field, String value) {
        for (MismatchType t : values()) {
            if (t.wire().equals(value)) {
                return t;
            }
        }
        throw new RowRejectedException(-1, field, "unknown mismatch type '" + value
                + "' (one of missing_in_frontend, missing_in_backend, type_mismatch, optionality_mismatch, nullability_mismatch)");
    }
}
