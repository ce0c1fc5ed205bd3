package drift.storage.api;

import java.util.Collection;

/**
 * Binds a whole collection as one parameter: {@code WHERE id IN (SELECT value FROM json_each(?))} with
 * {@code JsonArray.of(ids)}. One statement and one bound value for any number of keys, instead of a
 * statement per key or SQL text built from the keys.
 */
public final class JsonArray {
    private JsonArray() {
    }

    /** A JSON array of the values: numbers as numbers, anything else as strings. */
    public static String of(Collection<?> values) {
        StringBuilder sb = new StringBuilder(values.size() * 12 + 2).append('[');
        boolean first = true;
        for (Object v : values) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                sb.append(v);
                continue;
            }
            String s = String.valueOf(v);
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        }
        return sb.append(']').toString();
    }
}
