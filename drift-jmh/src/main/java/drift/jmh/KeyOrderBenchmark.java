package drift.jmh;

import drift.storage.api.BulkInsert;
import drift.storage.api.DatabaseManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What writing child rows in their parent's key order saves on index maintenance: 50,000 calls, caller
 * keys drawn at random from 1..50,000 (fixed seed), inserted with {@code insertAll} into a table indexed
 * on {@code (caller_pk, callee_pk)}, once in the drawn order and once sorted by caller key. In random
 * order each index insert lands on an arbitrary leaf page; sorted, consecutive inserts share a page.
 *
 * <p>Both lists are made in set-up, so the sort itself is not measured (the engine sorts with
 * {@code KeyCache.Keys.inKeyOrder()}). Each invocation is one {@code db.write}: {@code DELETE} of the
 * previous invocation's rows (the same cost for both), the insert, the commit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class KeyOrderBenchmark {
    static final int ROWS = 50_000;
    private static final long SEED = 0x5EED_0002L;
    private static final String DELETE = "DELETE FROM jmh_order_call";
    private static final BulkInsert INSERT = BulkInsert.into("jmh_order_call", "caller_pk", "callee_pk", "line");

    private List<OrderRow> random;
    private List<OrderRow> sorted;
    private BenchStore store;
    private DatabaseManager db;

    /** Creates the store and the two orders of the same rows, and checks both once. */
    @Setup(Level.Trial)
    public void open() {
        random = OrderRow.random(ROWS, SEED, 50_000);
        sorted = OrderRow.byCaller(random);
        store = BenchStore.open("keyorder", s -> {
            db = s.db();
            check("random order", randomOrder());
            check("caller order", callerOrder());
        });
    }

    /** The last invocation stored all the rows (both orders store the same ones). */
    @TearDown(Level.Iteration)
    public void verify() {
        check("the last invocation", ROWS);
    }

    /** Closes and deletes the store. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** The rows in the order their caller keys were drawn. */
    @Benchmark
    public int randomOrder() {
        return db.write(w -> {
            w.update(DELETE);
            return w.insertAll(INSERT, random, OrderRow.BINDER);
        });
    }

    /** The same rows sorted by caller key. */
    @Benchmark
    public int callerOrder() {
        return db.write(w -> {
            w.update(DELETE);
            return w.insertAll(INSERT, sorted, OrderRow.BINDER);
        });
    }

    private void check(String variant, int changed) {
        if (changed != ROWS) {
            throw new IllegalStateException(variant + " reported " + changed + " rows, expected " + ROWS);
        }
        Tables.checkOrderCalls(db, variant, random);
    }
}
