package drift.domain.contracts;

import drift.storage.api.RowRejectedException;

/** HTTP methods of an endpoint. */
public enum HttpMethod {
    GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS;

    /** Once: {@code values()} copies its array on every call. */
    private static final HttpMethod[] VALUES = values();

    /** Parses (case-insensitively); the error names {@code field}. */
    public static HttpMethod parse(String field, String value) {
        for (HttpMethod m : VALUES) {
            if (m.name().equalsIgnoreCase(value)) {
                return m;
            }
        }
        throw new RowRejectedException(-1, field, "unknown method '" + value + "' (one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)");
    }
}
