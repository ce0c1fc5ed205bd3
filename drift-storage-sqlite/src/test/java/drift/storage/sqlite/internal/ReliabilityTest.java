package drift.storage.sqlite.internal;

import drift.storage.api.BatchFailedException;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    /**
     * Read connections keep their prepared statements and run them on the connection itself, out of the pool's
     * sight: a read that fails half-way must still end its snapshot, or the connection would answer the next
     * read from the old data. Checked with a pool (4 readers) and with the single connection of one-shot commands.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void aReadThatFailsHalfWayLeavesNoStaleSnapshotBehind(int readers) {
        DatabaseConfig config = DatabaseConfig.builder(dir.resolve("reads-" + readers + ".db")).readPoolSize(readers).build();
        try (DatabaseManager m = DatabaseManager.open(config, List.of(new NotesDomain()))) {
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, 100));
            m.batch().flushAndWait();
            String count = "SELECT count(*) FROM notes_note";
            for (int round = 0; round < 3; round++) {
                long before = 100L + round * 50L;
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.read(r -> {
                    r.forEach("SELECT seq FROM notes_note ORDER BY seq", row -> {
                        throw new IllegalStateException("the caller gives up half-way");
                    });
                    return null;
                }));
                assertEquals("the caller gives up half-way", e.getMessage());
                m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(2 + round, 50));
                m.batch().flushAndWait();
                // the next read, on the connection the failed one used: it sees the write
                assertEquals(before + 50, (long) m.read(r -> r.queryLong(count)), "a read after the write sees it");
            }
            // a read nested in a read on one thread gets a connection of its own (with one reader, too)
            long nested = m.read(outer -> {
                outer.queryLong(count); // the outer read holds its connection
                return m.read(inner -> inner.queryLong(count));
            });
            assertEquals(250L, nested);
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
