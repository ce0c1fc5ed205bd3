package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

import java.util.Locale;

/** How a frontend's expectation differs from the backend's response. */
public enum MismatchType {
    /** The backend returns a field no frontend call reads. */
    MISSING_IN_FRONTEND,
    /** A frontend call reads a field the backend does not return. */
    MISSING_IN_BACKEND,
    /** Both have the field, with different types. */
    TYPE_MISMATCH,
    /** One side treats the field as optional, the other as always present. */
    OPTIONALITY_MISMATCH,
    /** One side allows null, the other does not. */
    NULLABILITY_MISMATCH;

    /** Once: {@code values()} copies its array on every call. */
    private static final MismatchType[] VALUES = values();

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The stored form, e.g. {@code type_mismatch}. */
    public String wire() {
        return wire;
    }

    /** Parses the stored form; the error names {@code field}. */
    public static MismatchType parse(String field, String value) {
        for (MismatchType t : VALUES) {
            if (t.wire().equals(value)) {
                return t;
            }
        }
        throw new RowRejectedException(-1, field, "unknown mismatch type '" + value
                + "' (one of missing_in_frontend, missing_in_backend, type_mismatch, optionality_mismatch, nullability_mismatch)");
    }
}
