package drift.storage.sqlite.internal;

import drift.storage.api.BatchFailedException;
import drift.storage.api.CheckpointMode;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.DomainInfo;
import drift.storage.api.MigrationException;
import drift.storage.api.RawResult;
import drift.storage.api.ScanInfo;
import drift.storage.api.ScanOutcome;
import drift.storage.api.ScanRequest;
import drift.storage.api.ScanSession;
import drift.storage.api.SchemaTooNewException;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.WriteBatch;
import drift.storage.sqlite.internal.NotesDomain.Note;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteDatabaseTest {
    @TempDir
    Path dir;

    private DatabaseManager open(Path db, NotesDomain... domains) {
        return DatabaseManager.open(DatabaseConfig.defaults(db), List.of(domains));
    }

    static List<Note> notes(long batch, int n) {
        return IntStream.range(0, n).mapToObj(i -> new Note(batch, i, "note " + batch + "/" + i)).toList();
    }

    static String sha(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    static long count(DatabaseManager m, String sql) {
        return m.read(r -> r.queryLong(sql));
    }

    @Test
    void createsFoldersMigratesAndReopensWithNothingLeftBehind() {
        Path db = dir.resolve("a/b/drift.db");
        try (DatabaseManager m = open(db, new NotesDomain())) {
            List<DomainInfo> domains = m.domains();
            assertEquals(1, domains.size());
            assertEquals("notes", domains.get(0).id());
            assertEquals(1, domains.get(0).schemaVersion());
            m.batch().addAll(NotesDomain.NOTE, notes(1, 500));
            m.batch().flushAndWait();
            assertEquals(500L, m.batch().committedRows().get("notes/note"));
        }
        assertFalse(Files.exists(Path.of(db + "-wal")), "no -wal after close");
        assertFalse(Files.exists(Path.of(db + "-shm")), "no -shm after close");
        try (DatabaseManager m = open(db, new NotesDomain())) {
            assertEquals(500L, count(m, "SELECT count(*) FROM notes_note"));
            assertEquals(Map.of("notes", 500L), m.status().sections().get("notes"));
            assertEquals(2, m.query("notes", "by-batch", Map.of("batch", "1")).stream().limit(2).count());
        }
    }

    @Test
    void failingBatchIsRolledBackWholeAndLaterBatchesCommit() {
        Path db = dir.resolve("drift.db");
        try (DatabaseManager m = open(db, new NotesDomain())) {
            WriteBatch b = m.batch();
            b.addAll(NotesDomain.NOTE, notes(1, 100));
            List<Note> bad = new ArrayList<>(notes(2, 100));
            bad.set(57, new Note(2, 57, "")); // violates CHECK (length(text) > 0)
            b.addAll(NotesDomain.NOTE, bad);
            List<Note> rejected = new ArrayList<>(notes(3, 10));
            rejected.set(4, new Note(3, 4, null)); // rejected by the handler's validation
            b.addAll(NotesDomain.NOTE, rejected);
            b.addAll(NotesDomain.NOTE, notes(4, 100));
            BatchFailedException e = assertThrows(BatchFailedException.class, b::flushAndWait);
            assertEquals("notes/note", e.rowType().name());
            assertTrue(e.getMessage().contains("CHECK constraint failed"), e.getMessage());
            assertEquals("SQLITE_CONSTRAINT_CHECK", e.engineCode().orElseThrow());
            assertEquals(1, e.getSuppressed().length);
            BatchFailedException second = (BatchFailedException) e.getSuppressed()[0];
            assertEquals(4, second.rowIndex());
            assertTrue(second.getMessage().contains("field 'text'"), second.getMessage());
            b.addAll(NotesDomain.NOTE, notes(5, 100));
            b.flushAndWait();
            List<Long> batches = m.read(r -> r.list("SELECT DISTINCT batch FROM notes_note ORDER BY batch", row -> row.getLong(1)));
            assertEquals(List.of(1L, 4L, 5L), batches);
        }
    }

    @Test
    void closeThrowsFailuresNotYetReported() {
        Path db = dir.resolve("drift.db");
        DatabaseManager m = open(db, new NotesDomain());
        m.batch().addAll(NotesDomain.NOTE, List.of(new Note(1, 1, "x"), new Note(1, 1, "duplicate key")));
        StorageException e = assertThrows(BatchFailedException.class, m::close);
        assertTrue(e.getMessage().contains("UNIQUE"), e.getMessage());
    }

    @Test
    void singleRowsAndWriteTasksKeepTheirOrder() {
        try (DatabaseManager m = open(dir.resolve("drift.db"), new NotesDomain())) {
            for (int i = 0; i < 2500; i++) {
                m.batch().add(NotesDomain.NOTE, new Note(9, i, "single"));
            }
            // a write task sees every row submitted before it
            long seen = m.write(w -> w.queryLong("SELECT count(*) FROM notes_note"));
            assertEquals(2500, seen);
        }
    }

    @Test
    void readersNeverSeeHalfABatch() throws Exception {
        int batches = 40;
        int rows = 2000;
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.builder(dir.resolve("drift.db")).batchFlushRows(rows).build(),
                List.of(new NotesDomain()))) {
            List<Throwable> errors = new ArrayList<>();
            Thread[] readers = new Thread[3];
            long[] reads = new long[readers.length];
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            for (int t = 0; t < readers.length; t++) {
                int id = t;
                readers[t] = new Thread(() -> {
                    try {
                        while (!done.get()) {
                            List<long[]> counts = m.read(r -> r.list("SELECT batch, count(*) FROM notes_note GROUP BY batch",
                                    row -> new long[] {row.getLong(1), row.getLong(2)}));
                            for (long[] c : counts) {
                                if (c[1] != rows) {
                                    throw new AssertionError("batch " + c[0] + " seen with " + c[1] + " of " + rows + " rows");
                                }
                            }
                            reads[id]++;
                        }
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                });
                readers[t].start();
            }
            for (int b = 0; b < batches; b++) {
                m.batch().addAll(NotesDomain.NOTE, notes(b, rows));
            }
            m.batch().flushAndWait();
            done.set(true);
            for (Thread t : readers) {
                t.join();
            }
            assertEquals(List.of(), errors);
            assertTrue(reads[0] > 0);
            assertEquals((long) batches * rows, count(m, "SELECT count(*) FROM notes_note"));
        }
    }

    @Test
    void hotBackupWhileWritingPassesIntegrityCheck() throws Exception {
        Path backup = dir.resolve("backups/copy.db");
        try (DatabaseManager m = open(dir.resolve("drift.db"), new NotesDomain())) {
            for (int b = 0; b < 20; b++) {
                m.batch().addAll(NotesDomain.NOTE, notes(b, 1000));
            }
            m.batch().flushAndWait();
            Thread writer = new Thread(() -> {
                for (int b = 100; b < 160; b++) {
                    m.batch().addAll(NotesDomain.NOTE, notes(b, 1000));
                }
                m.batch().flushAndWait();
            });
            writer.start();
            var result = m.backup(backup);
            writer.join();
            assertTrue(result.bytes() > 0);
            assertThrows(StorageException.class, () -> m.backup(backup), "never overwrites");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertEquals("ok", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) % 1000, count(*) >= 20000 FROM notes_note")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "whole batches only");
                assertTrue(rs.getBoolean(2));
            }
        }
    }

    @Test
    void newerSchemaIsRefusedAndLeftUntouched() throws Exception {
        Path db = dir.resolve("drift.db");
        try (DatabaseManager m = open(db, new NotesDomain().with("ALTER TABLE notes_note ADD COLUMN extra TEXT"))) {
            assertEquals(2, m.domains().get(0).schemaVersion());
        }
        String before = sha(db);
        SchemaTooNewException e = assertThrows(SchemaTooNewException.class, () -> open(db, new NotesDomain()));
        assertEquals("notes", e.domain());
        assertEquals(2, e.databaseVersion());
        assertEquals(1, e.codeVersion());
        assertEquals(before, sha(db));
    }

    @Test
    void failingMigrationLeavesTheDatabaseAsItWas() throws Exception {
        Path db = dir.resolve("drift.db");
        try (DatabaseManager m = open(db, new NotesDomain())) {
            m.batch().addAll(NotesDomain.NOTE, notes(1, 10));
        }
        MigrationException e = assertThrows(MigrationException.class, () -> open(db,
                new NotesDomain().with("CREATE TABLE notes_extra(x); INSERT INTO notes_missing VALUES (1)")));
        assertEquals(2, e.version());
        assertTrue(e.getMessage().contains("no such table: notes_missing"), e.getMessage());
        try (DatabaseManager m = open(db, new NotesDomain())) {
            assertEquals(1, m.domains().get(0).schemaVersion());
            assertEquals(10L, count(m, "SELECT count(*) FROM notes_note"));
            assertEquals(0L, count(m, "SELECT count(*) FROM sqlite_schema WHERE name = 'notes_extra'"));
        }
    }

    @Test
    void aDomainCanJoinAnExistingDatabaseLater() {
        Path db = dir.resolve("drift.db");
        try (DatabaseManager m = open(db, new NotesDomain())) {
            m.batch().addAll(NotesDomain.NOTE, notes(1, 10));
        }
        try (DatabaseManager m = open(db, new NotesDomain(), new NotesDomain("todos"))) {
            assertEquals(List.of("notes", "todos"), m.domains().stream().map(DomainInfo::id).toList());
            assertEquals(10L, count(m, "SELECT count(*) FROM notes_note"));
            assertEquals(0L, count(m, "SELECT count(*) FROM todos_note"));
        }
    }

    @Test
    void duplicateDomainIdsStopTheOpen() {
        StorageException e = assertThrows(StorageException.class, () -> open(dir.resolve("drift.db"), new NotesDomain(), new NotesDomain()));
        assertTrue(e.getMessage().contains("two domains have the id 'notes'"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("drift.db")));
    }

    @Test
    void filesThatAreNotDriftDatabasesAreRefusedUntouched() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a database\n".repeat(20));
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x)");
        }
        Path empty = Files.createFile(dir.resolve("empty.db"));
        Path truncated = dir.resolve("truncated.db");
        Files.write(truncated, java.util.Arrays.copyOf("SQLite format 3\0".getBytes(), 40));
        for (Path p : List.of(text, other, truncated)) {
            String before = sha(p);
            StorageException e = assertThrows(StorageException.class, () -> open(p, new NotesDomain()), p.toString());
            assertEquals(StorageErrorCode.NOT_A_DRIFT_DATABASE, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
            assertEquals(before, sha(p), "untouched: " + p);
        }
        StorageException e = assertThrows(StorageException.class, () -> DatabaseManager.open(
                DatabaseConfig.builder(empty).createIfMissing(false).build(), List.of(new NotesDomain())));
        assertEquals(StorageErrorCode.NOT_A_DRIFT_DATABASE, e.code());
        assertEquals(0, Files.size(empty));
        try (DatabaseManager m = open(empty, new NotesDomain())) {
            assertEquals(1, m.domains().get(0).schemaVersion(), "an empty file becomes a store when asked to create");
        }
        StorageException missing = assertThrows(StorageException.class, () -> DatabaseManager.open(
                DatabaseConfig.builder(dir.resolve("none.db")).createIfMissing(false).build(), List.of()));
        assertEquals(StorageErrorCode.NOT_FOUND, missing.code());
    }

    @Test
    @SuppressWarnings("try") // m holds the database open while the second open is tried
    void aSecondWriterIsRefusedClearly() {
        Path db = dir.resolve("drift.db");
        try (DatabaseManager m = open(db, new NotesDomain())) {
            StorageException e = assertThrows(StorageException.class, () -> open(db, new NotesDomain()));
            assertEquals(StorageErrorCode.LOCKED, e.code());
            // but a read-only open works beside the writer
            try (DatabaseManager ro = DatabaseManager.open(DatabaseConfig.builder(db).readOnly(true).build(), List.of(new NotesDomain()))) {
                assertEquals(0L, count(ro, "SELECT count(*) FROM notes_note"));
                assertEquals(StorageErrorCode.READ_ONLY, assertThrows(StorageException.class, ro::batch).code());
            }
        }
    }

    @Test
    void rawQueriesCannotWrite() {
        try (DatabaseManager m = open(dir.resolve("drift.db"), new NotesDomain())) {
            m.batch().addAll(NotesDomain.NOTE, notes(1, 3));
            m.batch().flushAndWait();
            RawResult r = m.executeRaw("SELECT seq, text FROM notes_note WHERE batch = ? ORDER BY seq -- trailing comment", 1);
            assertEquals(List.of("seq", "text"), r.columns());
            assertEquals(List.of(0L, "note 1/0"), r.rows().get(0));
            for (String sql : List.of("DELETE FROM notes_note", "SELECT 1; DELETE FROM notes_note", "ATTACH 'x.db' AS x",
                    "PRAGMA journal_mode = DELETE", "PRAGMA writable_schema", "VACUUM INTO '/tmp/x.db'",
                    "CREATE TEMP TABLE t(x)", "WITH x AS (SELECT 1) DELETE FROM notes_note", "SELECT load_extension('x')", "")) {
                StorageException e = assertThrows(StorageException.class, () -> m.executeRaw(sql), sql);
                assertTrue(e.code() == StorageErrorCode.QUERY_REJECTED, sql + " -> " + e.code() + " " + e.getMessage());
            }
            assertEquals(3L, count(m, "SELECT count(*) FROM notes_note"));
            assertEquals("'; DROP TABLE notes_note; --", m.executeRaw("SELECT ?", "'; DROP TABLE notes_note; --").rows().get(0).get(0));
        }
    }

    @Test
    void longRawQueriesAreInterrupted() {
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.builder(dir.resolve("drift.db"))
                .queryTimeout(java.time.Duration.ofMillis(200)).build(), List.of())) {
            StorageException e = assertThrows(StorageException.class, () -> m.executeRaw(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"));
            assertEquals(StorageErrorCode.QUERY_TIMEOUT, e.code(), e.getMessage());
            assertEquals(List.of(List.of(1L)), m.executeRaw("SELECT 1").rows(), "the connection is usable afterwards");
        }
    }

    @Test
    void scansMetadataCheckpointAndClear() {
        try (DatabaseManager m = open(dir.resolve("drift.db"), new NotesDomain())) {
            ScanInfo s;
            try (ScanSession scan = m.beginScan(ScanRequest.merge("/src").withRevision("abc123").withAttributes(Map.of("seed", "1")))) {
                s = scan.commit();
            }
            assertTrue(s.id() > 0);
            assertEquals("abc123", s.revision());
            assertEquals(ScanOutcome.COMMITTED, s.outcome());
            assertEquals(s, m.lastScan().orElseThrow());
            assertEquals(s, m.status().lastScan().orElseThrow());
            m.putMetadata("k", "v1");
            m.putMetadata("k", "v2");
            assertEquals("v2", m.metadata("k").orElseThrow());
            m.batch().addAll(NotesDomain.NOTE, notes(1, 10));
            m.batch().flushAndWait();
            assertFalse(m.checkpoint(CheckpointMode.TRUNCATE).busy());
            m.clearDomain("notes");
            assertEquals(0L, count(m, "SELECT count(*) FROM notes_note"));
            assertEquals(StorageErrorCode.NOT_FOUND, assertThrows(StorageException.class, () -> m.clearDomain("nope")).code());
        }
    }

    @Test
    void theDataVersionMovesWithEveryCommittedWriteAndIsSeenByOtherOpens() {
        Path db = dir.resolve("v.db");
        try (DatabaseManager m = open(db, new NotesDomain())) {
            long v0 = m.dataVersion();
            assertTrue(v0 > 0, "kept from the first open: " + v0);
            assertEquals(v0, m.dataVersion(), "reading moves nothing");
            m.batch().addAll(NotesDomain.NOTE, notes(1, 3));
            m.batch().flushAndWait();
            long v1 = m.dataVersion();
            assertTrue(v1 > v0, v0 + " -> " + v1);
            // a write that fails and rolls back leaves it as it was
            assertThrows(RuntimeException.class, () -> m.write(w -> {
                w.update("DELETE FROM notes_note");
                throw new IllegalStateException("no");
            }));
            assertEquals(v1, m.dataVersion());
            try (DatabaseManager reader = DatabaseManager.open(DatabaseConfig.builder(db).readOnly(true).createIfMissing(false).build(),
                    List.of(new NotesDomain()))) {
                assertEquals(v1, reader.dataVersion(), "another open reads the same number");
                m.write(w -> w.update("DELETE FROM notes_note WHERE seq = 0"));
                assertTrue(reader.dataVersion() > v1, "and sees the next write move it");
                // one snapshot, one number: read with the data it describes
                assertEquals(reader.dataVersion(), (long) reader.read(r -> r.dataVersion()));
            }
            // state shared by the readers of one database
            drift.storage.api.DatabaseLocal<java.util.concurrent.atomic.AtomicInteger> key =
                    drift.storage.api.DatabaseLocal.of("counter", java.util.concurrent.atomic.AtomicInteger::new);
            m.read(r -> r.local(key).incrementAndGet());
            assertEquals(2, (int) m.read(r -> r.local(key).incrementAndGet()));
        }
    }

    @Test
    void aMigrationEditedAfterItRanIsRefusedByItsChecksumAndTheDatabaseKept() throws Exception {
        Path db = dir.resolve("edited.db");
        try (DatabaseManager m = open(db, new NotesDomain().with("CREATE INDEX notes_note_batch ON notes_note(batch);"))) {
            m.batch().addAll(NotesDomain.NOTE, notes(1, 3));
            m.batch().flushAndWait();
        }
        String before = sha(db);
        // the same version 2, edited in the code after it ran here
        drift.storage.api.MigrationException e = assertThrows(drift.storage.api.MigrationException.class,
                () -> open(db, new NotesDomain().with("CREATE INDEX notes_note_batch ON notes_note(batch, seq);")));
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("checksum"), e.getMessage());
        assertEquals("notes", e.domain());
        assertEquals(before, sha(db), "the database was not touched");
    }

    @Test
    void aRefusedOpenLeavesNothingBesideTheFile() throws Exception {
        Path db = dir.resolve("newer.db");
        try (DatabaseManager m = open(db, new NotesDomain().with("CREATE INDEX notes_note_batch ON notes_note(batch);"))) {
            assertEquals(2, m.domains().get(0).schemaVersion());
        }
        Files.deleteIfExists(dir.resolve("newer.db.lock"));
        drift.storage.api.SchemaTooNewException e = assertThrows(drift.storage.api.SchemaTooNewException.class, () -> open(db, new NotesDomain()));
        assertEquals(2, e.databaseVersion());
        assertEquals(1, e.codeVersion());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("newer.db"), files.map(p -> p.getFileName().toString()).sorted().toList(), "no lock, WAL or shm left");
        }
        // listing still works: read-only, tolerating the newer schema
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.builder(db).readOnly(true).createIfMissing(false)
                .tolerateNewerSchemas(true).build(), List.of(new NotesDomain()))) {
            assertTrue(m.domains().get(0).tooNew());
            assertEquals(drift.storage.api.StorageErrorCode.SCHEMA_TOO_NEW, assertThrows(StorageException.class,
                    () -> m.query("notes", "by-batch", java.util.Map.of())).code());
            assertTrue(m.check().integrity().equals(List.of("ok")));
            assertFalse(m.check().ok(), "a schema the code does not know is not ok");
        }
        // and a file that is not a drift database is refused, also without a trace
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a database at all, but long enough to be read as a header of one hundred bytes ........................");
        assertEquals(drift.storage.api.StorageErrorCode.NOT_A_DRIFT_DATABASE, assertThrows(StorageException.class, () -> open(text)).code());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("newer.db", "notes.txt"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
