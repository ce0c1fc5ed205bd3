package drift.storage.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fields of one parsed input record (a JSON object, say), with typed getters whose errors name the
 * field. Numbers are {@code Number}, booleans {@code Boolean}, arrays {@code List}, objects {@code Map}.
 */
public final class Fields {
    private final Map<String, ?> values;
    private final String path;

    private Fields(Map<String, ?> values, String path) {
        this.values = Objects.requireNonNull(values, "values");
        this.path = path;
    }

    /** Wraps a parsed object. */
    public static Fields of(Map<String, ?> values) {
        return new Fields(values, "");
    }

    /** The raw map. */
    public Map<String, ?> asMap() {
        return Collections.unmodifiableMap(values);
    }

    /** Whether the field is present and not null. */
    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** A required non-empty string. */
    public String string(String name) {
        String s = optString(name);
        if (s == null) {
            throw missing(name);
        }
        if (s.isEmpty()) {
            throw reject(name, "must not be empty");
        }
        return s;
    }

    /** An optional string (null when absent or null). */
    public String optString(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw reject(name, "must be a string, was " + describe(v));
        }
        return s;
    }

    /** A required integer. */
    public long integer(String name) {
        Long v = optInteger(name);
        if (v == null) {
            throw missing(name);
        }
        return v;
    }

    /** An optional integer. */
    public Long optInteger(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.math.BigInteger b) {
            if (b.bitLength() > 63) {
                throw reject(name, "is out of range (a 64-bit integer, at most " + Long.MAX_VALUE + "), was " + b);
            }
            return b.longValue();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())) {
            java.math.BigDecimal d = new java.math.BigDecimal(n.toString());
            try {
                return d.toBigIntegerExact().longValueExact();
            } catch (ArithmeticException e) {
                throw reject(name, "is out of range (a 64-bit integer), was " + n);
            }
        }
        throw reject(name, "must be an integer, was " + describe(v));
    }

    /** A required number. */
    public double number(String name) {
        Double v = optNumber(name);
        if (v == null) {
            throw missing(name);
        }
        return v;
    }

    /** An optional number. */
    public Double optNumber(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw reject(name, "must be a number, was " + describe(v));
        }
        return n.doubleValue();
    }

    /** A required boolean. */
    public boolean bool(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw missing(name);
        }
        if (!(v instanceof Boolean b)) {
            throw reject(name, "must be true or false, was " + describe(v));
        }
        return b;
    }

    /** An optional boolean with a default. */
    public boolean bool(String name, boolean dflt) {
        return values.get(name) == null ? dflt : bool(name);
    }

    /** A required list of strings (may be empty). */
    public List<String> strings(String name) {
        List<?> list = list(name);
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw reject(name + "[" + i + "]", "must be a string, was " + describe(list.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    /** A required nested object. */
    public Fields object(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw missing(name);
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw reject(name, "must be an object, was " + describe(v));
        }
        return nested(m, qualify(name));
    }

    /** A list of nested objects; absent or null is an empty list. */
    public List<Fields> objects(String name) {
        if (values.get(name) == null) {
            return List.of();
        }
        List<?> list = list(name);
        List<Fields> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw reject(name + "[" + i + "]", "must be an object, was " + describe(list.get(i)));
            }
            out.add(nested(m, qualify(name + "[" + i + "]")));
        }
        return out;
    }

    private List<?> list(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw missing(name);
        }
        if (!(v instanceof List<?> l)) {
            throw reject(name, "must be an array, was " + describe(v));
        }
        return l;
    }

    @SuppressWarnings("unchecked")
    private static Fields nested(Map<?, ?> m, String path) {
        return new Fields((Map<String, ?>) m, path);
    }

    private String qualify(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** A rejection naming {@code name} (qualified with this object's path). */
    public RowRejectedException reject(String name, String reason) {
        return new RowRejectedException(-1, qualify(name), reason);
    }

    private RowRejectedException missing(String name) {
        return reject(name, "is required");
    }

    private static String describe(Object v) {
        if (v instanceof String s) {
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        return String.valueOf(v);
    }
}
