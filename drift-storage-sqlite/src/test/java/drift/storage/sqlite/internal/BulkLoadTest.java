package drift.storage.sqlite.internal;

import drift.storage.api.BulkLoad;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bulk loads: indexes of empty tables wait for the end of the load, even across a killed process. */
class BulkLoadTest {
    private static final String SCHEMA = "SELECT group_concat(name || ':' || coalesce(sql, ''), ' | ') FROM "
            + "(SELECT name, sql FROM sqlite_schema WHERE name LIKE 'notes%' ORDER BY name)";

    @TempDir
    Path dir;

    private DatabaseManager open(Path db) {
        return DatabaseManager.open(DatabaseConfig.defaults(db), List.of(new NotesDomain()));
    }

    private static String schema(DatabaseManager m) {
        return m.read(r -> r.first(SCHEMA, row -> row.getString(1))).orElseThrow();
    }

    private static long deferred(DatabaseManager m) {
        return m.read(r -> r.queryLong("SELECT count(*) FROM drift_deferred_index"));
    }

    @Test
    void theIndexesOfEmptyTablesWaitForTheEndOfTheLoad() {
        try (DatabaseManager m = open(dir.resolve("drift.db"))) {
            String before = schema(m);
            try (BulkLoad load = m.bulkLoad()) {
                assertEquals(List.of("notes_note_text"), load.deferredIndexes());
                assertFalse(schema(m).contains("notes_note_text"), "dropped while loading");
                assertEquals(1, deferred(m));
                StorageException twice = assertThrows(StorageException.class, m::bulkLoad);
                assertEquals(StorageErrorCode.INVALID_ARGUMENT, twice.code());
                for (int b = 0; b < 5; b++) {
                    m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(b, 3000));
                }
                m.batch().flushAndWait();
                assertEquals(15_000L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM notes_note WHERE text LIKE 'note%'")),
                        "committed and readable during the load");
            }
            assertEquals(before, schema(m), "the same indexes, with the same SQL");
            assertEquals(0, deferred(m));
            assertEquals("ok", m.executeRaw("PRAGMA integrity_check").rows().get(0).get(0));
            assertTrue(m.executeRaw("EXPLAIN QUERY PLAN SELECT batch FROM notes_note WHERE text = 'note 3/7'").rows().toString()
                    .contains("notes_note_text"));

            // a table that has rows keeps its indexes: a build would sort everything already there
            try (BulkLoad load = m.bulkLoad()) {
                assertEquals(List.of(), load.deferredIndexes());
                m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(9, 10));
            }
            assertEquals(15_010L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM notes_note")));
        }
    }

    @Test
    void closingTheDatabaseEndsAnOpenLoad() {
        Path db = dir.resolve("drift.db");
        String before;
        try (DatabaseManager m = open(db)) {
            before = schema(m);
            m.bulkLoad();
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, 100));
        }
        try (DatabaseManager m = open(db)) {
            assertEquals(before, schema(m));
            assertEquals(0, deferred(m));
            assertEquals(100L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM notes_note")));
        }
    }

    @Test
    void aLoadCutShortByAKilledProcessGetsItsIndexesAtTheNextOpen() throws Exception {
        Path db = dir.resolve("drift.db");
        String before;
        try (DatabaseManager m = open(db)) {
            before = schema(m);
        }
        try (Jvm loader = Jvm.start(dir.resolve("loader.err"), BulkLoadProcess.class, db.toString(), "20000")) {
            assertEquals("LOADED notes_note_text", loader.await("LOADED"));
            loader.kill();
            loader.exitCode();
        }
        // a reader sees the rows, and the index still missing (read-only opens do not build)
        try (DatabaseManager r = DatabaseManager.open(DatabaseConfig.builder(db).readOnly(true).build(), List.of(new NotesDomain()))) {
            assertEquals(20_000L, (long) r.read(x -> x.queryLong("SELECT count(*) FROM notes_note")));
            assertFalse(schema(r).contains("notes_note_text"));
            assertEquals(1L, r.status().sections().get("store").get("indexes_waiting"), "the status report says so");
        }
        try (DatabaseManager m = open(db)) {
            assertEquals(before, schema(m), "built when opened for writing");
            assertFalse(m.status().sections().containsKey("store"));
            assertEquals(0, deferred(m));
            assertEquals(20_000L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM notes_note")));
            assertEquals("ok", m.executeRaw("PRAGMA integrity_check").rows().get(0).get(0));
        }
    }
}
