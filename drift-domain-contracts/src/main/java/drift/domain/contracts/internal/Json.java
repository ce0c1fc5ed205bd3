package drift.domain.contracts.internal;

import java.util.Collection;

/** A JSON array of strings, bound as one parameter and opened in SQL with {@code json_each}. */
final class Json {
    private Json() {
    }

    static String array(Collection<String> values) {
        StringBuilder sb = new StringBuilder(values.size() * 12 + 2).append('[');
        boolean first = true;
        for (String v : values) {
            sb.append(first ? "" : ",").append('"');
            first = false;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
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
