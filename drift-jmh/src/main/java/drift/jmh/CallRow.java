package drift.jmh;

import drift.storage.api.RowBinder;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A call-like row: the caller's integer key, a target name of about 20 characters and a line.
 *
 * @param callerPk the calling function's key
 * @param target the called name, e.g. {@code authYaml1456.validate}
 * @param line the line of the call
 */
record CallRow(long callerPk, String target, long line) {
    /** Binds the three columns in the order of {@code (caller_pk, target, line)}. */
    static final RowBinder<CallRow> BINDER = (r, v) -> v.integer(r.callerPk()).text(r.target()).integer(r.line());

    private static final String[] PREFIX = {"auth", "user", "cache", "retry", "order", "token", "route", "store"};
    private static final String[] MIDDLE = {"Yaml", "Json", "Http", "Repo", "Queue", "Index", "Batch", "Mapper"};
    private static final String[] METHOD = {"validate", "handle", "resolve", "fetchAll", "process", "refresh", "toString"};

    /**
     * {@code n} rows from a fixed seed, so every variant and every run writes the same rows; caller keys
     * are drawn from {@code 1..maxCaller}.
     */
    static List<CallRow> generate(int n, long seed, int maxCaller) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<CallRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String target = PREFIX[rnd.nextInt(PREFIX.length)] + MIDDLE[rnd.nextInt(MIDDLE.length)]
                    + (1000 + rnd.nextInt(9000)) + "." + METHOD[rnd.nextInt(METHOD.length)];
            rows.add(new CallRow(1 + rnd.nextInt(maxCaller), target, 1 + rnd.nextInt(2000)));
        }
        return List.copyOf(rows);
    }

    /** The rows as one JSON text, an array of {@code [caller_pk, target, line]} arrays. */
    static String json(List<CallRow> rows) {
        StringBuilder sb = new StringBuilder(rows.size() * 36 + 2).append('[');
        for (int i = 0; i < rows.size(); i++) {
            CallRow r = rows.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append('[').append(r.callerPk).append(',');
            appendJsonString(sb, r.target);
            sb.append(',').append(r.line).append(']');
        }
        return sb.append(']').toString();
    }

    /** The same array of arrays in SQLite's binary JSONB encoding. */
    static byte[] jsonb(List<CallRow> rows) {
        Jsonb b = new Jsonb(rows.size() * 32 + 16);
        b.beginArray();
        for (CallRow r : rows) {
            b.beginArray().integer(r.callerPk).text(r.target).integer(r.line).endArray();
        }
        return b.endArray().toByteArray();
    }

    // the escaping JsonArray does for its strings, so that any target text stays valid JSON
    private static void appendJsonString(StringBuilder sb, String s) {
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
}
