package drift.mcp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tool call's arguments, read with the checks an agent needs to correct itself: every error names the
 * argument, what it must be and what it was. Arguments the tool does not know are refused.
 */
public final class Args {
    private final Map<String, Object> values;

    Args(Map<String, Object> values, List<String> known) {
        this.values = values == null ? Map.of() : values;
        for (String k : this.values.keySet()) {
            if (!known.contains(k)) {
                throw new ToolError("unknown argument '" + k + "'" + (known.isEmpty() ? ": this tool takes none"
                        : "; this tool takes: " + String.join(", ", known)));
            }
        }
    }

    /** Whether the argument is given (and not null). */
    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** A required non-blank string. */
    public String string(String name) {
        String s = optString(name);
        if (s == null) {
            throw new ToolError("argument '" + name + "' is required");
        }
        return s;
    }

    /** An optional string (null when absent); blank is an error. */
    public String optString(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new ToolError("argument '" + name + "' must be a string, was " + describe(v));
        }
        if (s.isBlank()) {
            throw new ToolError("argument '" + name + "' must not be blank");
        }
        return s;
    }

    /** An integer between {@code min} and {@code max}, or {@code defaultValue} when absent. */
    public long integer(String name, long defaultValue, long min, long max) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            n = ((Number) v).longValue();
        } else if (v instanceof Number d && d.doubleValue() == Math.rint(d.doubleValue()) && Math.abs(d.doubleValue()) < 9e15) {
            n = (long) d.doubleValue();
        } else if (v instanceof java.math.BigInteger) {
            throw new ToolError("argument '" + name + "' must be between " + min + " and " + max + ", was " + v);
        } else {
            throw new ToolError("argument '" + name + "' must be an integer, was " + describe(v));
        }
        if (n < min || n > max) {
            throw new ToolError("argument '" + name + "' must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }

    /** A number between {@code min} and {@code max}, or null when absent. */
    public Double number(String name, double min, double max) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw new ToolError("argument '" + name + "' must be a number, was " + describe(v));
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || d < min || d > max) {
            throw new ToolError("argument '" + name + "' must be between " + min + " and " + max + ", was " + v);
        }
        return d;
    }

    /** A boolean, or {@code defaultValue} when absent. */
    public boolean bool(String name, boolean defaultValue) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Boolean b)) {
            throw new ToolError("argument '" + name + "' must be true or false, was " + describe(v));
        }
        return b;
    }

    /** One of {@code choices} (as written in the schema, any case), or null when absent. */
    public String choice(String name, List<String> choices) {
        String s = optString(name);
        if (s == null) {
            return null;
        }
        for (String c : choices) {
            if (c.equalsIgnoreCase(s)) {
                return c;
            }
        }
        throw new ToolError("argument '" + name + "' must be one of " + String.join(", ", choices) + ", was \"" + s + "\"");
    }

    /** An array of scalars (empty when absent). */
    public List<Object> values(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new ToolError("argument '" + name + "' must be an array, was " + describe(v));
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (e != null && !(e instanceof String) && !(e instanceof Number) && !(e instanceof Boolean)) {
                throw new ToolError("argument '" + name + "[" + i + "]' must be a string, number, boolean or null, was " + describe(e));
            }
            out.add(e);
        }
        return out;
    }

    /** An object of strings (numbers and booleans are taken as their text); empty when absent. */
    public Map<String, String> stringMap(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new ToolError("argument '" + name + "' must be an object, was " + describe(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object x = e.getValue();
            if (x == null) {
                continue;
            }
            if (!(x instanceof String) && !(x instanceof Number) && !(x instanceof Boolean)) {
                throw new ToolError("argument '" + name + "." + e.getKey() + "' must be a string, was " + describe(x));
            }
            out.put(String.valueOf(e.getKey()), String.valueOf(x));
        }
        return out;
    }

    /** The arguments that select the answer (all but the paging ones), sorted: what a cursor is bound to. */
    String selection() {
        Map<String, Object> sorted = new TreeMap<>(values);
        sorted.remove("cursor");
        sorted.remove("limit");
        sorted.remove("max_tokens");
        return sorted.toString();
    }

    private static String describe(Object v) {
        if (v instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (v instanceof List<?>) {
            return "an array";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Number) {
            return v.toString();
        }
        return v.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
