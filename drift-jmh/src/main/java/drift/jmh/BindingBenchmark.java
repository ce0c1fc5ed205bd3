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
 * Three ways to get 10,000 call-like rows into an unindexed table inside one write callback: the engine's
 * multi-row {@code VALUES} insert, which binds every value (one native crossing per value), against one
 * statement with the whole batch bound as a single JSON text or JSONB blob and taken apart by
 * {@code json_each}/{@code jsonb_each} inside SQLite (a constant number of crossings per batch).
 *
 * <p>Each invocation is one {@code db.write}: {@code DELETE FROM jmh_bind_call} (the previous
 * invocation's rows: every variant pays the same delete, measured on its own by {@link DeleteCost}), then
 * the insert, then the commit. Building the JSON text or the JSONB blob from the rows is part of the
 * measured work, as binding them is for the first variant.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class BindingBenchmark {
    static final int ROWS = 10_000;
    private static final long SEED = 0x5EED_0001L;

    static final String DELETE = "DELETE FROM jmh_bind_call";
    static final BulkInsert INSERT = BulkInsert.into("jmh_bind_call", "caller_pk", "target", "line");
    static final String FROM_JSON = "INSERT INTO jmh_bind_call(caller_pk, target, line)"
            + " SELECT value->>0, value->>1, value->>2 FROM json_each(?)";
    static final String FROM_JSONB = "INSERT INTO jmh_bind_call(caller_pk, target, line)"
            + " SELECT value->>0, value->>1, value->>2 FROM jsonb_each(?)";

    private List<CallRow> rows;
    private BenchStore store;
    private DatabaseManager db;

    /** Creates the store and checks, once, that every variant stores exactly the rows. */
    @Setup(Level.Trial)
    public void open() {
        rows = CallRow.generate(ROWS, SEED, 50_000);
        store = BenchStore.open("binding", s -> {
            db = s.db();
            // all three, whichever is measured: a broken variant fails every run, not only its own
            check("insertAll", insertAll());
            check("json_each", jsonEach());
            check("jsonb_each", jsonbEach());
        });
    }

    /** What the last invocation stored must be the rows, whichever variant ran. */
    @TearDown(Level.Iteration)
    public void verify() {
        check("the last invocation", ROWS);
    }

    /** Closes and deletes the store. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** The engine's path: {@code insertAll}, multi-row VALUES of 1,000 rows, one bound value per column per row. */
    @Benchmark
    public int insertAll() {
        return db.write(w -> {
            w.update(DELETE);
            return w.insertAll(INSERT, rows, CallRow.BINDER);
        });
    }

    /** One statement, one bound value: the rows as a JSON text, read by {@code json_each}. */
    @Benchmark
    public int jsonEach() {
        return db.write(w -> {
            w.update(DELETE);
            return w.update(FROM_JSON, CallRow.json(rows));
        });
    }

    /** One statement, one bound value: the rows as a JSONB blob, read by {@code jsonb_each}. */
    @Benchmark
    public int jsonbEach() {
        return db.write(w -> {
            w.update(DELETE);
            return w.update(FROM_JSONB, (Object) CallRow.jsonb(rows));
        });
    }

    private void check(String variant, int changed) {
        if (changed != ROWS) {
            throw new IllegalStateException(variant + " reported " + changed + " rows, expected " + ROWS);
        }
        Tables.checkCalls(db, variant, rows);
    }

    /**
     * The delete every variant above starts with, alone: {@code DELETE FROM jmh_bind_call} of 10,000 rows
     * in its own write callback, the rows put back (untimed) before each invocation. Subtract it from the
     * variants to see the insert alone (this figure also holds the callback's and the commit's own cost).
     */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(1)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 3)
    public static class DeleteCost {
        private List<CallRow> rows;
        private BenchStore store;
        private DatabaseManager db;

        /** Creates the store. */
        @Setup(Level.Trial)
        public void open() {
            rows = CallRow.generate(ROWS, SEED, 50_000);
            store = BenchStore.open("delete", s -> db = s.db());
        }

        /**
         * Puts the 10,000 rows back, committed, before each invocation. Per-invocation set-up costs JMH a
         * pair of timestamps, nothing next to a millisecond-scale invocation.
         */
        @Setup(Level.Invocation)
        public void fill() {
            int n = db.write(w -> w.insertAll(INSERT, rows, CallRow.BINDER));
            if (n != ROWS) {
                throw new IllegalStateException("refilled " + n + " rows, expected " + ROWS);
            }
        }

        /** The table must be empty after each invocation's delete. */
        @TearDown(Level.Iteration)
        public void verify() {
            long left = db.read(r -> r.queryLong("SELECT count(*) FROM jmh_bind_call"));
            if (left != 0) {
                throw new IllegalStateException(left + " rows left after the delete");
            }
        }

        /** Closes and deletes the store. */
        @TearDown(Level.Trial)
        public void close() {
            store.close();
        }

        /** {@code DELETE FROM jmh_bind_call} of 10,000 rows and the commit. */
        @Benchmark
        public int delete() {
            return db.write(w -> w.update(DELETE));
        }
    }
}
