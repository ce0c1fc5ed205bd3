package drift.jmh;

import drift.storage.api.BulkInsert;
import drift.storage.api.DatabaseManager;
import drift.storage.api.KeyCache;
import drift.storage.api.WriterLocal;
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

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link KeyCache#keys} for 5,000 text ids of a 50,000-row parent table: all hits (the cache warmed with
 * {@code put} for every parent, as a domain's handler leaves it after writing them) against all misses
 * (the cache cleared at the start of each call, so every id is looked up in SQLite with one
 * {@code json_each} statement). {@link #emptyWrite} is the cost of the {@code db.write} round trip that
 * both pay, since a KeyCache may only be used on the writer thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class KeyCacheBenchmark {
    static final int PARENTS = 50_000;
    static final int IDS = 5_000;
    private static final long SEED = 0x5EED_0003L;

    /** One cache per database, as a domain keeps it; large enough to hold every parent. */
    private static final WriterLocal<KeyCache> PARENT_KEYS =
            WriterLocal.of("jmh parent keys", () -> new KeyCache("jmh_parent", "id", "pk", PARENTS));
    private static final BulkInsert INSERT_PARENT = BulkInsert.into("jmh_parent", "pk", "id");

    private List<String> parents;
    private List<String> ids;
    private long[] expected;
    private BenchStore store;
    private DatabaseManager db;
    private KeyCache.Keys last;

    /**
     * Creates the store with 50,000 parents (key i + 1 for the i-th id), picks 5,000 distinct ids at
     * random, checks that misses and hits both give their keys, and leaves the cache warm.
     */
    @Setup(Level.Trial)
    public void open() {
        parents = parentIds(PARENTS, SEED);
        List<Integer> picked = new ArrayList<>(PARENTS);
        for (int i = 0; i < PARENTS; i++) {
            picked.add(i);
        }
        Collections.shuffle(picked, new Random(SEED));
        ids = new ArrayList<>(IDS);
        expected = new long[IDS];
        for (int i = 0; i < IDS; i++) {
            ids.add(parents.get(picked.get(i)));
            expected[i] = picked.get(i) + 1;
        }
        ids = List.copyOf(ids);
        store = BenchStore.open("keycache", s -> {
            db = s.db();
            int n = db.write(w -> w.insertAll(INSERT_PARENT, indexes(PARENTS), (i, v) -> v.integer(i + 1L).text(parents.get(i))));
            if (n != PARENTS) {
                throw new IllegalStateException("inserted " + n + " parents, expected " + PARENTS);
            }
            check("misses", allMisses());
            db.write(w -> {
                KeyCache cache = w.local(PARENT_KEYS);
                for (int i = 0; i < PARENTS; i++) {
                    cache.put(w, parents.get(i), i + 1L);
                }
                return null;
            });
            check("hits", allHits());
        });
    }

    /** The last call's keys must be the ids' keys. */
    @TearDown(Level.Iteration)
    public void verify() {
        if (last != null) {
            check("the last call", last);
        }
    }

    /** Closes and deletes the store. */
    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** Every id is in the cache: 5,000 map lookups on the writer thread. */
    @Benchmark
    public KeyCache.Keys allHits() {
        return last = db.write(w -> w.local(PARENT_KEYS).keys(w, ids));
    }

    /** No id is in the cache: one json_each lookup statement for the 5,000 ids, then 5,000 puts. */
    @Benchmark
    public KeyCache.Keys allMisses() {
        return last = db.write(w -> {
            KeyCache cache = w.local(PARENT_KEYS);
            cache.clear();
            return cache.keys(w, ids);
        });
    }

    /** The baseline: a write callback that does nothing (hand-off to the writer thread, begin, commit). */
    @Benchmark
    public int emptyWrite() {
        return db.write(w -> 0);
    }

    private void check(String variant, KeyCache.Keys keys) {
        for (int i = 0; i < IDS; i++) {
            if (keys.of(i) != expected[i]) {
                throw new IllegalStateException(variant + ": key of " + ids.get(i) + " is " + keys.of(i)
                        + ", expected " + expected[i]);
            }
        }
    }

    /**
     * {@code n} distinct ids shaped like the call graph's function ids,
     * {@code src/routes/mod012/file00345.ts:authYaml1456:41}.
     */
    static List<String> parentIds(int n, long seed) {
        String[] words = {"auth", "user", "cache", "retry", "order", "token", "route", "store"};
        String[] kinds = {"Yaml", "Json", "Http", "Repo", "Queue", "Index", "Batch", "Mapper"};
        SplittableRandom rnd = new SplittableRandom(seed);
        Set<String> out = new LinkedHashSet<>(n * 2);
        while (out.size() < n) {
            out.add(String.format("src/routes/mod%03d/file%05d.ts:%s%s%d:%d", rnd.nextInt(100), rnd.nextInt(100_000),
                    words[rnd.nextInt(words.length)], kinds[rnd.nextInt(kinds.length)], 1000 + rnd.nextInt(9000),
                    1 + rnd.nextInt(999)));
        }
        return List.copyOf(out);
    }

    private static List<Integer> indexes(int n) {
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
