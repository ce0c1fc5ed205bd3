package drift.storage.sqlite.internal;

import drift.storage.api.CheckpointMode;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readers against the writer, and readers against each other for the read pool. Nothing here asserts a
 * time: waits are for states (a latch, a thread's state) with generous limits.
 */
class ConcurrencyTest {
    private static final long LIMIT_SECONDS = 120;

    @TempDir
    Path dir;

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(LIMIT_SECONDS, TimeUnit.SECONDS), "latch not released within " + LIMIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void waitUntil(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + LIMIT_SECONDS + " s: " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void readersThroughAPoolOfTwoNeverSeeHalfABatchOrALockWhileLargeBatchesCommit() throws Exception {
        int rows = 5_000;
        int batches = 20;
        // a long busy timeout: readers that wait for one of the two connections may wait long on a loaded machine
        DatabaseConfig config = DatabaseConfig.builder(dir.resolve("drift.db")).readPoolSize(2).busyTimeout(Duration.ofSeconds(60))
                .batchFlushRows(2 * rows).walAutoCheckpointPages(100).build();
        try (DatabaseManager m = DatabaseManager.open(config, List.of(new NotesDomain()))) {
            // something to read from the start
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(0, rows));
            m.batch().flushAndWait();
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            AtomicLong reads = new AtomicLong();
            AtomicLong batchesSeen = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int kind = t % 3;
                Thread th = new Thread(() -> {
                    try {
                        while (!done.get()) {
                            List<List<Object>> counts;
                            if (kind == 2) {
                                counts = m.executeRaw("SELECT batch, count(*), sum(text LIKE 'stamped %') FROM notes_note GROUP BY batch").rows();
                            } else {
                                counts = m.read(r -> {
                                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                                    try {
                                        return r.list(kind == 0 ? "SELECT batch, count(*), sum(text LIKE 'stamped %') FROM notes_note GROUP BY batch"
                                                : "SELECT batch, count(*), count(*) FILTER (WHERE text LIKE 'stamped %') FROM notes_note INDEXED BY notes_note_text GROUP BY batch",
                                                row -> List.<Object>of(row.getLong(1), row.getLong(2), row.getLong(3)));
                                    } finally {
                                        inside.decrementAndGet();
                                    }
                                });
                            }
                            for (List<Object> c : counts) {
                                if ((long) c.get(1) != rows) {
                                    throw new AssertionError("batch " + c.get(0) + " seen with " + c.get(1) + " of " + rows + " rows");
                                }
                                long stamped = (long) c.get(2);
                                if (stamped != 0 && stamped != rows) {
                                    throw new AssertionError("batch " + c.get(0) + " seen half stamped: " + stamped);
                                }
                            }
                            reads.incrementAndGet();
                            batchesSeen.addAndGet(counts.size());
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }, "reader-" + t);
                th.start();
                readers.add(th);
            }
            for (int b = 1; b < batches; b++) {
                m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(b, rows));
                if (b % 4 == 3) {
                    m.batch().flushAndWait();
                    // a write task rewrites a whole batch in one transaction while the readers read
                    long stamp = b - 2;
                    m.write(w -> w.update("UPDATE notes_note SET text = 'stamped ' || text WHERE batch = ?", stamp));
                }
                if (b == batches / 2) {
                    m.checkpoint(CheckpointMode.TRUNCATE);
                }
            }
            m.batch().flushAndWait();
            long readsWhileWriting = reads.get();
            done.set(true);
            for (Thread th : readers) {
                th.join(TimeUnit.SECONDS.toMillis(LIMIT_SECONDS));
                assertTrue(!th.isAlive(), th.getName() + " ended");
            }
            assertEquals(List.of(), errors, "no reader saw half a batch or failed (no 'database is locked')");
            assertTrue(most.get() <= 2, "never more readers at once than the pool holds: " + most.get());
            assertTrue(reads.get() > 0);
            assertEquals((long) batches * rows, (long) m.read(r -> r.queryLong("SELECT count(*) FROM notes_note")));
            assertEquals(List.of(List.of("ok")), m.executeRaw("PRAGMA integrity_check").rows());
            System.out.printf("concurrency: 6 readers on a pool of 2 made %d reads (%d while %d batches of %d rows and %d write "
                            + "tasks committed), %d batch counts checked; most readers at once: %d; 0 partial, 0 errors%n",
                    reads.get(), readsWhileWriting, batches, rows, batches / 4, batchesSeen.get(), most.get());
        }
    }

    @Test
    void extraReadersWaitForAFreeConnectionAndDoNotFail() throws Exception {
        DatabaseConfig config = DatabaseConfig.builder(dir.resolve("drift.db")).readPoolSize(2).busyTimeout(Duration.ofSeconds(60)).build();
        try (DatabaseManager m = DatabaseManager.open(config, List.of(new NotesDomain()))) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            AtomicInteger entered = new AtomicInteger();
            CountDownLatch release = new CountDownLatch(1);
            List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                Thread th = new Thread(() -> {
                    try {
                        m.read(r -> {
                            entered.incrementAndGet();
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            await(release);
                            inside.decrementAndGet();
                            return r.queryLong("SELECT count(*) FROM notes_note");
                        });
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }, "reader-" + t);
                th.start();
                threads.add(th);
            }
            // two readers get in; the three others are parked in the pool, waiting, not failing
            waitUntil("two readers inside", () -> entered.get() == 2);
            waitUntil("three readers waiting for a connection", () -> threads.stream()
                    .filter(th -> th.getState() == Thread.State.TIMED_WAITING || th.getState() == Thread.State.WAITING).count() == 5);
            assertEquals(2, entered.get(), "the third reader did not get in while both connections were taken");
            release.countDown();
            for (Thread th : threads) {
                th.join(TimeUnit.SECONDS.toMillis(LIMIT_SECONDS));
            }
            assertEquals(List.of(), errors, "the waiting readers succeeded once a connection was free");
            assertEquals(5, entered.get());
            assertEquals(2, most.get(), "never more readers at once than the pool holds");
        }
    }

    @Test
    void aReaderThatCannotGetAConnectionInTimeGetsAClearBusyError() throws Exception {
        // the pool's wait is bounded by busyTimeout + 1 s: here 1 s
        DatabaseConfig config = DatabaseConfig.builder(dir.resolve("drift.db")).readPoolSize(1).busyTimeout(Duration.ZERO).build();
        try (DatabaseManager m = DatabaseManager.open(config, List.of(new NotesDomain()))) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> m.read(r -> {
                holding.countDown();
                await(release);
                return r.queryLong("SELECT 1");
            }));
            holder.start();
            await(holding);
            StorageException e = assertThrows(StorageException.class, () -> m.read(r -> r.queryLong("SELECT 1")));
            assertEquals(StorageErrorCode.BUSY, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("read failed") && e.getMessage().contains("timed out"), e.getMessage());
            release.countDown();
            holder.join(TimeUnit.SECONDS.toMillis(LIMIT_SECONDS));
            assertEquals(1L, (long) m.read(r -> r.queryLong("SELECT 1")), "the pool serves again once the connection is back");
        }
    }

    @Test
    void aSharedBatchReportsEachFailureToTheThreadWhoseRowsFailedAndToNoOneElse() throws Exception {
        int threads = 6;
        int runs = 200;
        long misattributed = 0;
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.defaults(dir.resolve("shared.db")), List.of(new NotesDomain()))) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                for (int run = 0; run < runs; run++) {
                    int r = run;
                    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
                    List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        int me = t;
                        results.add(pool.submit(() -> {
                            start.await();
                            long batch = (long) r * threads + me;
                            // every other thread sends a bad row (no text) among good ones, in a batch or as single rows
                            boolean bad = me % 2 == 0;
                            List<NotesDomain.Note> rows = new java.util.ArrayList<>();
                            for (int i = 0; i < 20; i++) {
                                rows.add(new NotesDomain.Note(batch, i, bad && i == 7 ? null : "t" + me));
                            }
                            if (me % 3 == 0) {
                                rows.forEach(n -> m.batch().add(NotesDomain.NOTE, n));
                            } else {
                                m.batch().addAll(NotesDomain.NOTE, rows);
                            }
                            try {
                                m.batch().flushAndWait();
                                return bad ? "missed" : "ok";
                            } catch (drift.storage.api.BatchFailedException e) {
                                java.util.List<Throwable> all = new java.util.ArrayList<>(List.of(e));
                                all.addAll(List.of(e.getSuppressed()));
                                // a failure of my own rows names my batch's row 7; anything else is someone else's
                                return bad && all.size() == 1 && e.rowIndex() == 7 ? "ok" : "wrong: " + all;
                            }
                        }));
                    }
                    for (java.util.concurrent.Future<String> f : results) {
                        if (!f.get(60, java.util.concurrent.TimeUnit.SECONDS).equals("ok")) {
                            misattributed++;
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, misattributed, "failures reported to a thread whose rows did not fail, or missed");
            // the good threads' rows are all there: 3 good threads of 6, 20 rows each, every run
            assertEquals((long) runs * 3 * 20, (long) m.read(x -> x.queryLong("SELECT count(*) FROM notes_note")));
        }
    }
}
