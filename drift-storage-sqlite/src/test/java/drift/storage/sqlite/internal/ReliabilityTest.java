package drift.storage.sqlite.internal;

import drift.storage.api.BatchFailedException;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults, load and hostile input at the engine level (the crash test is {@link CrashSafetyTest}). */
class ReliabilityTest {
    @TempDir
    Path dir;

    private DatabaseManager open(Path db) {
        return DatabaseManager.open(DatabaseConfig.defaults(db), List.of(new NotesDomain()));
    }

    @Test
    void theReadPoolSizeIsRespectedAndExtraReadersWait() throws Exception {
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.builder(dir.resolve("drift.db")).readPoolSize(2).build(),
                List.of(new NotesDomain()))) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            List<Throwable> errors = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 5; i++) {
                            m.read(r -> {
                                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                                try {
                                    Thread.sleep(20);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                inside.decrementAndGet();
                                return r.queryLong("SELECT count(*) FROM notes_note");
                            });
                        }
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                });
                th.start();
                threads.add(th);
            }
            go.countDown();
            for (Thread th : threads) {
                th.join();
            }
            assertEquals(List.of(), errors, "extra readers wait for a connection, they do not fail");
            assertEquals(2, most.get(), "never more readers at once than the pool holds");
        }
    }

    @Test
    void readConnectionsRefuseWritesEvenWithoutTheTextGuard() {
        try (DatabaseManager m = open(dir.resolve("drift.db"))) {
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, 5));
            m.batch().flushAndWait();
            for (String sql : List.of("DELETE FROM notes_note", "INSERT INTO notes_note VALUES (9, 9, 'x')", "CREATE TEMP TABLE t(x)",
                    "ATTACH DATABASE '" + dir.resolve("other.db") + "' AS o", "PRAGMA query_only = 0")) {
                StorageException e = assertThrows(StorageException.class, () -> m.read(r -> r.list(sql, row -> 1)), sql);
                assertTrue(e.getMessage().length() > 0, sql);
            }
            assertEquals(5L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM notes_note")));
            assertFalse(Files.exists(dir.resolve("other.db")), "ATTACH created nothing");
        }
    }

    @Test
    void hostileRawQueriesAreRefusedAndHarmlessOnesPass() {
        try (DatabaseManager m = open(dir.resolve("drift.db"))) {
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, 3));
            m.batch().flushAndWait();
            List<String> hostile = List.of("REPLACE INTO notes_note VALUES (1, 1, 'x')", "UPDATE notes_note SET text = 'x'",
                    "DROP TABLE notes_note", "/* hidden */ DELETE FROM notes_note", "SELECT 1 /* ; */; DELETE FROM notes_note",
                    "SELECT 1; -- x\nDELETE FROM notes_note", "WITH a AS (SELECT 1) INSERT INTO notes_note VALUES (5, 5, 'x')",
                    "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys=0", "VACUUM", "ANALYZE", "REINDEX", "BEGIN", "SELECT 'unterminated",
                    "DETACH DATABASE main", "SELECT writefile('/tmp/x', 'y')");
            for (String sql : hostile) {
                StorageException e = assertThrows(StorageException.class, () -> m.executeRaw(sql), sql);
                assertTrue(e.code() == StorageErrorCode.QUERY_REJECTED, sql + " -> " + e.code() + ": " + e.getMessage());
            }
            assertEquals(List.of(List.of("a;b")), m.executeRaw("SELECT 'a;b'").rows(), "a semicolon inside a string is text");
            assertEquals(List.of(List.of(1L)), m.executeRaw("SELECT 1; -- trailing comment\n ;  ").rows());
            assertEquals(3, m.executeRaw("SELECT * FROM notes_note WHERE text LIKE ?", "note%").rows().size());
            assertEquals(3, m.executeRaw("PRAGMA table_info(notes_note)").rows().size());
            assertEquals(3L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM notes_note")), "nothing changed");
        }
    }

    @Test
    void aFullDiskFailsTheBatchCleanlyAndTheStoreKeepsWorking() {
        try (DatabaseManager m = open(dir.resolve("drift.db"))) {
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, 1000));
            m.batch().flushAndWait();
            long pages = m.write(w -> w.queryLong("PRAGMA page_count"));
            // the writer's file may grow by only a few pages: the next large batch hits SQLITE_FULL
            m.write(w -> w.queryLong("PRAGMA max_page_count = " + (pages + 2)));
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(2, 20_000));
            BatchFailedException e = assertThrows(BatchFailedException.class, m.batch()::flushAndWait);
            assertEquals(StorageErrorCode.IO, e.code(), e.getMessage());
            assertTrue(e.engineCode().orElse("").startsWith("SQLITE_FULL"), e.engineCode() + " " + e.getMessage());
            assertEquals(1000L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM notes_note")), "earlier data intact, nothing half written");
            m.write(w -> w.queryLong("PRAGMA max_page_count = 1073741823"));
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(3, 20_000));
            m.batch().flushAndWait();
            assertEquals(21_000L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM notes_note")));
            assertEquals("ok", m.executeRaw("PRAGMA integrity_check").rows().get(0).get(0));
        }
    }

    @Test
    void theBackgroundCheckpointerCopiesTheWalBackWhileTheStoreIsOpen() throws Exception {
        Path db = dir.resolve("drift.db");
        // threshold 50 pages; the writer's own automatic checkpoint only at 8x that, so growth of the main
        // file while open can only come from the background checkpointer
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.builder(db).walAutoCheckpointPages(50).build(),
                List.of(new NotesDomain()))) {
            long before = Files.size(db);
            for (int b = 0; b < 12; b++) {
                m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(b, 500));
                m.batch().flushAndWait();
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.size(db) <= before + 100_000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.size(db) > before + 100_000, "pages were checkpointed into the database file: "
                    + before + " -> " + Files.size(db) + " bytes");
            assertEquals(6000L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM notes_note")));
        }
    }

    @Test
    void badPathsGetClearErrorsAndStayUntouched() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("a-folder.db"));
        StorageException e = assertThrows(StorageException.class, () -> open(folder));
        assertEquals(StorageErrorCode.NOT_A_DRIFT_DATABASE, e.code());
        assertTrue(e.getMessage().contains("folder"), e.getMessage());

        byte[] noise = new byte[8192];
        new Random(1).nextBytes(noise);
        Path random = Files.write(dir.resolve("random.db"), noise);
        assertEquals(StorageErrorCode.NOT_A_DRIFT_DATABASE, assertThrows(StorageException.class, () -> open(random)).code());
        assertTrue(java.util.Arrays.equals(noise, Files.readAllBytes(random)), "left untouched");

        // a location that cannot be written: its "folder" is a file (permissions do not stop root)
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        StorageException ro = assertThrows(StorageException.class, () -> open(file.resolve("sub/drift.db")));
        assertTrue(ro.code() == StorageErrorCode.READ_ONLY || ro.code() == StorageErrorCode.IO, ro.code() + " " + ro.getMessage());
        assertTrue(ro.getMessage().contains(file.toString()), ro.getMessage());
    }
}
