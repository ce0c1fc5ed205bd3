package drift.domain.callgraph;

import drift.storage.api.RowRejectedException;

import java.util.Locale;

/**
 * How a call edge was found, and so how far to trust it: the confidence every edge of a kind carries. A call
 * written with only a name is resolved by the store ({@link #NAME}, confidence by the rule of
 * {@link Resolution}); a call written with its exact target ({@code callee_id}) is resolved to that
 * function when the store has it, else kept as an external call with its exact id.
 */
public enum EdgeKind {
    /** Resolved by the store from the callee's name (0.95 same file, 0.8 unique, 0.4 one of several). */
    NAME(Double.NaN),
    /** An exact target given by the producer (an external indexer's edge). */
    EXACT(1.0),
    /** A static call ({@code invokestatic}): the target is certain. */
    STATIC(1.0),
    /** A constructor, private or super call ({@code invokespecial}): the target is certain. */
    SPECIAL(1.0),
    /** A virtual or interface call to the method the call site names (or the one it inherits). */
    VIRTUAL(0.9),
    /** A lambda or method reference ({@code invokedynamic}) to the method it runs. */
    LAMBDA(0.9),
    /**
     * An override a virtual call (or a method reference dispatched on its receiver) may run: every type of the scanned
     * hierarchy that could be the receiver.
     */
    CHA(0.5),
    /**
     * An override a virtual call (or a method reference dispatched on its receiver) may run, among the types the
     * scanned code instantiates.
     */
    RTA(0.7);

    /** Once: {@code values()} copies its array on every call. */
    private static final EdgeKind[] VALUES = values();

    private final double confidence;
    private final String wire = name().toLowerCase(Locale.ROOT);

    EdgeKind(double confidence) {
        this.confidence = confidence;
    }

    /** The confidence of an edge of this kind (NaN for {@link #NAME}: the resolution rule decides). */
    public double confidence() {
        return confidence;
    }

    /** Whether the edge exists only because of what else is in the scan (an override), not because the code names it. */
    public boolean derived() {
        return this == CHA || this == RTA;
    }

    /** The stored form, e.g. {@code cha}. */
    public String wire() {
        return wire;
    }

    /** Parses the stored form; the error names {@code field}. */
    public static EdgeKind parse(String field, String value) {
        for (EdgeKind k : VALUES) {
            if (k.wire().equals(value)) {
                return k;
            }
        }
        throw new RowRejectedException(-1, field, "unknown kind '" + value + "' (one of name, exact, static, special, virtual, "
                + "lambda, cha, rta)");
    }
}
