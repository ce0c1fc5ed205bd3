package drift.storage.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A typed key for one kind of row that a domain accepts, e.g. {@code patterns/pattern}. Rows are routed
 * to their domain's batch handler and counted by this key; the set of kinds is open.
 *
 * @param domain the owning domain's id
 * @param kind the row kind within the domain
 * @param javaType the Java type of the rows
 * @param <R> the row type
 */
public record RowType<R>(String domain, String kind, Class<R> javaType) {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*");

    /** Validates the fields. */
    public RowType {
        requireId("domain", domain);
        requireId("kind", kind);
        Objects.requireNonNull(javaType, "javaType");
    }

    /** Creates a row type. */
    public static <R> RowType<R> of(String domain, String kind, Class<R> javaType) {
        return new RowType<>(domain, kind, javaType);
    }

    /** {@code domain/kind}. */
    public String name() {
        return domain + "/" + kind;
    }

    /** Checks {@code value} is a lower-case identifier; the message names {@code field}. */
    static void requireId(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a lower-case identifier [a-z][a-z0-9_]*, was '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
