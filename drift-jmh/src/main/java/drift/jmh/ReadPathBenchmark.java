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

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * What a small read costs around its query: {@link #emptyRead} is a read callback that runs nothing (a read
 * connection borrowed, its snapshot ended, the connection given back); {@link #keyLookup} one row by its text
 * id, as W8 starts (the statement is kept by the connection after its first use); {@link #keyLookupPrepared}
 * the same lookup with a statement text never seen before each time, so it is parsed and planned on every call
 * (what every read paid before read connections kept their statements).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ReadPathBenchmark {
    static final int PARENTS = 50_000;
    private static final BulkInsert INSERT_PARENT = BulkInsert.into("jmh_parent", "pk", "id");
    private static final String LOOKUP = "SELECT pk FROM jmh_parent WHERE id = ?";

    private BenchStore store;
    private DatabaseManager db;
    private int next;
    private long fresh;

    /** A store with 50,000 parents; each lookup is checked once here and after every iteration. */
    @Setup(Level.Trial)
    public void open() {
        store = BenchStore.open("reads", s -> {
            db = s.db();
            db.write(w -> w.insertAll(INSERT_PARENT, IntStream.range(0, PARENTS).boxed().toList(),
                    (i, v) -> v.integer(i + 1L).text(id(i))));
        });
        verify();
    }

    /** Both lookups find their rows. */
    @TearDown(Level.Iteration)
    public void verify() {
        long first = next % PARENTS + 1; // keys are the ids' positions + 1
        long found = keyLookup();
        long second = next % PARENTS + 1;
        long foundAgain = keyLookupPrepared();
        if (found != first || foundAgain != second) {
            throw new IllegalStateException("a lookup found the wrong row: " + found + " / " + foundAgain + ", expected "
                    + first + " / " + second);
        }
    }

    /** Closes and deletes the store. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    private static String id(int i) {
        return "src/module" + (i % 97) + "/file" + i + ".ts:function" + i + ":" + (i % 400);
    }

    /** A read that runs nothing. */
    @Benchmark
    public int emptyRead() {
        return db.read(r -> 0);
    }

    /** One row by text id, through the connection's kept statement. */
    @Benchmark
    public long keyLookup() {
        int i = next++ % PARENTS;
        return db.read(r -> r.first(LOOKUP, row -> row.getLong(1), id(i)).orElse(0L));
    }

    /** The same lookup with a new statement text each time: parsed and planned on every call. */
    @Benchmark
    public long keyLookupPrepared() {
        int i = next % PARENTS;
        String sql = LOOKUP + " /* " + fresh++ + " */";
        return db.read(r -> r.first(sql, row -> row.getLong(1), id(i)).orElse(0L));
    }
}
