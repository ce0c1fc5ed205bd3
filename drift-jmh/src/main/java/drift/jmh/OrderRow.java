package drift.jmh;

import drift.storage.api.RowBinder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A call between two functions by their integer keys, as the call graph stores it once ids are keys.
 *
 * @param callerPk the calling function's key
 * @param calleePk the called function's key
 * @param line the line of the call
 */
record OrderRow(long callerPk, long calleePk, long line) {
    /** Binds {@code (caller_pk, callee_pk, line)}. */
    static final RowBinder<OrderRow> BINDER = (r, v) -> v.integer(r.callerPk()).integer(r.calleePk()).integer(r.line());

    /** {@code n} rows from a fixed seed, both keys drawn from {@code 1..maxKey}, in the order drawn. */
    static List<OrderRow> random(int n, long seed, int maxKey) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<OrderRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(new OrderRow(1 + rnd.nextInt(maxKey), 1 + rnd.nextInt(maxKey), 1 + rnd.nextInt(2000)));
        }
        return List.copyOf(rows);
    }

    /**
     * The same rows ordered by caller key, ties in their drawn order: what
     * {@code KeyCache.Keys.inKeyOrder()} gives a domain's handler.
     */
    static List<OrderRow> byCaller(List<OrderRow> rows) {
        List<OrderRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(OrderRow::callerPk));
        return List.copyOf(sorted);
    }
}
