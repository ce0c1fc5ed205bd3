package drift.domain.callgraph;

import drift.storage.api.RowRejectedException;

import java.util.Locale;

/** What a data access does. */
public enum Operation {
    READ, WRITE, DELETE;

    /** Once: {@code values()} copies its array on every call. */
    private static final Operation[] VALUES = values();

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The stored form. */
    public String wire() {
        return wire;
    }

    /** Parses the stored form; the error names {@code field}. */
    public static Operation parse(String field, String value) {
        for (Operation o : VALUES) {
            if (o.wire().equals(value)) {
                return o;
            }
        }
        throw new RowRejectedException(-1, field, "unknown operation '" + value + "' (one of read, write, delete)");
    }
}
