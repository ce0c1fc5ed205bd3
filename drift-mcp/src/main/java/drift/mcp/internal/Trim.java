package drift.mcp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shortens one value that alone would not fit an answer: long strings are cut and long lists keep their ends,
 * each cut said in place ("… 240 more …"), so an agent sees that something is missing and where.
 */
final class Trim {
    private Trim() {
    }

    /** {@code value} with strings cut at {@code maxChars} and lists kept to {@code maxItems} (their ends). */
    static Object value(Object value, int maxChars, int maxItems) {
        if (value instanceof String s && s.length() > maxChars) {
            return s.substring(0, maxChars) + "… (" + (s.length() - maxChars) + " more characters)";
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            if (list.size() > maxItems) {
                int head = maxItems / 2;
                int tail = maxItems - head;
                list.subList(0, head).forEach(v -> out.add(value(v, maxChars, maxItems)));
                out.add("… " + (list.size() - maxItems) + " more …");
                list.subList(list.size() - tail, list.size()).forEach(v -> out.add(value(v, maxChars, maxItems)));
            } else {
                list.forEach(v -> out.add(value(v, maxChars, maxItems)));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), value(v, maxChars, maxItems)));
            return out;
        }
        return value;
    }

    /** {@code item} shortened until its JSON is at most {@code maxBytes}, marked {@code "trimmed": true}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toFit(Map<String, Object> item, int maxBytes) {
        int chars = 2_000;
        int items = 100;
        Map<String, Object> out = item;
        while (Json.bytes(out) > maxBytes && chars > 10) {
            out = new LinkedHashMap<>((Map<String, Object>) value(item, chars, items));
            out.put("trimmed", true);
            chars /= 2;
            items = Math.max(2, items / 2);
        }
        return out;
    }
}
