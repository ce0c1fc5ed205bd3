package drift.jmh;

import drift.storage.api.JsonArray;
import drift.storage.api.RowBinder;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;

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

    /** The rows as one JSON text, an array of {@code [caller_pk, target, line]} arrays (JsonArray escapes the text). */
    static String json(List<CallRow> rows) {
        StringJoiner all = new StringJoiner(",", "[", "]");
        for (CallRow r : rows) {
            all.add(JsonArray.of(List.of(r.callerPk, r.target, r.line)));
        }
        return all.toString();
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
}
