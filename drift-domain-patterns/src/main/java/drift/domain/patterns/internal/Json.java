package drift.domain.patterns.internal;

import java.util.Collection;

/** Builds a JSON array of strings, bound as one parameter and opened in SQL with {@code json_each}. */
final class Json {
    private Json() {
    }

    static String array(Collection<String> values) {
        StringBuilder sb = new StringBuilder(values.size() * 16 + 2).append('[');
        boolean first = true;
        for (String v : values) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
        return sb.append(']').toString();
    }
}
