package drift.jmh;

import drift.storage.api.DatabaseManager;

import java.util.List;

/**
 * Checks of what a benchmark wrote, run outside the measured code: a variant that stores nothing, fewer
 * rows, or values of the wrong SQL type (a number stored as text, say) must fail, not look fast.
 */
final class Tables {
    private Tables() {
    }

    /**
     * {@code jmh_bind_call} holds exactly {@code expected}, in insertion order: the count, then every
     * row's three values and their SQL types (integer, text, integer).
     */
    static void checkCalls(DatabaseManager db, String variant, List<CallRow> expected) {
        long count = db.read(r -> r.queryLong("SELECT count(*) FROM jmh_bind_call"));
        if (count != expected.size()) {
            throw new IllegalStateException(variant + ": " + count + " rows stored, expected " + expected.size());
        }
        int[] index = {0};
        db.read(r -> {
            r.forEach("SELECT caller_pk, target, line, typeof(caller_pk) || typeof(target) || typeof(line)"
                    + " FROM jmh_bind_call ORDER BY rowid", row -> {
                        CallRow want = expected.get(index[0]);
                        String types = row.getString(4);
                        if (!"integertextinteger".equals(types) || row.getLong(1) != want.callerPk()
                                || !want.target().equals(row.getString(2)) || row.getLong(3) != want.line()) {
                            throw new IllegalStateException(variant + ": row " + index[0] + " is (" + row.getObject(1)
                                    + ", " + row.getObject(2) + ", " + row.getObject(3) + ") of types " + types
                                    + ", expected " + want);
                        }
                        index[0]++;
                        return true;
                    });
            return null;
        });
    }

    /**
     * {@code jmh_order_call} holds as many rows as {@code expected}, with the same sums of each column:
     * random and sorted order insert the same multiset of rows, so these must match either way.
     */
    static void checkOrderCalls(DatabaseManager db, String variant, List<OrderRow> expected) {
        long callers = 0;
        long callees = 0;
        long lines = 0;
        for (OrderRow r : expected) {
            callers += r.callerPk();
            callees += r.calleePk();
            lines += r.line();
        }
        String want = expected.size() + "/" + callers + "/" + callees + "/" + lines;
        String got = db.read(r -> r.first("SELECT count(*) || '/' || sum(caller_pk) || '/' || sum(callee_pk)"
                + " || '/' || sum(line) FROM jmh_order_call", row -> row.getString(1)).orElse(""));
        if (!want.equals(got)) {
            throw new IllegalStateException(variant + ": count/sums are " + got + ", expected " + want);
        }
    }
}
