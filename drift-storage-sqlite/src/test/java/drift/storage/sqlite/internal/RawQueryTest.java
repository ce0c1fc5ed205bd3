package drift.storage.sqlite.internal;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The raw query ({@code executeRaw}) cannot change anything: the text guard refuses everything but one
 * reading statement, parameters are bound, the time budget holds, and the read pool's connections refuse
 * writes even when the guard is bypassed. One pooled connection in every test, so that whatever a
 * statement did to "its" connection is seen by the next one.
 */
class RawQueryTest {
    @TempDir
    Path dir;

    private DatabaseManager open(Duration queryTimeout) {
        return DatabaseManager.open(DatabaseConfig.builder(dir.resolve("drift.db")).readPoolSize(1).queryTimeout(queryTimeout).build(),
                List.of(new NotesDomain()));
    }

    private static String state(DatabaseManager m) {
        return m.read(r -> r.queryLong("SELECT count(*) FROM notes_note") + " notes, " + r.queryLong("SELECT count(*) FROM sqlite_schema")
                + " schema objects, user_version " + r.queryLong("PRAGMA user_version") + ", query_only " + r.queryLong("PRAGMA query_only")
                + ", texts " + r.list("SELECT text FROM notes_note ORDER BY seq", row -> row.getString(1)));
    }

    /** Statements that must be refused with QUERY_REJECTED; %s is a path beside the database. */
    static List<String> hostile(Path other) {
        String o = other.toString();
        return List.of(
                // writes and writes in disguise
                "REPLACE INTO notes_note VALUES (1, 0, 'x')", "INSERT OR REPLACE INTO notes_note VALUES (1, 0, 'x')",
                "INSERT INTO notes_note VALUES (7, 7, 'x') RETURNING *", "UPDATE notes_note SET text = 'x'",
                "UPDATE notes_note SET text = 'x' RETURNING text", "DELETE FROM notes_note RETURNING *",
                "delete from notes_note", "DROP TABLE notes_note", "DROP INDEX notes_note_text", "ALTER TABLE notes_note ADD COLUMN z",
                "CREATE INDEX i ON notes_note(seq)", "CREATE TABLE t(x)",
                // a CTE followed by a write, with or without RETURNING (which would make it return rows)
                "WITH a AS (SELECT 1) DELETE FROM notes_note", "WITH a AS (SELECT 1) INSERT INTO notes_note VALUES (5, 5, 'x')",
                "WITH a AS (SELECT 1) UPDATE notes_note SET text = 'x'", "WITH a AS (SELECT 1) DELETE FROM notes_note RETURNING *",
                "WITH a AS (SELECT 1) UPDATE notes_note SET text = 'x' RETURNING batch",
                "WITH a AS (SELECT 1) REPLACE INTO notes_note VALUES (1, 0, 'x') RETURNING *",
                "WITH a(x) AS MATERIALIZED (SELECT 1), b AS NOT MATERIALIZED (SELECT ')') INSERT INTO notes_note SELECT 7, x, 'y' FROM a RETURNING *",
                "WITH RECURSIVE \"select\" AS (SELECT 1) DELETE FROM notes_note RETURNING *",
                "WITH [x] AS (SELECT '(' AS p) /* ( */ DELETE FROM notes_note WHERE batch IN (SELECT 1) RETURNING *",
                "WITH a AS (SELECT 1) SELECT 1; DELETE FROM notes_note",
                // statements hidden after comments, and semicolons that are not inside a string
                "/* SELECT */ DELETE FROM notes_note", "-- SELECT\nDELETE FROM notes_note", "SELECT 1; SELECT 2",
                "SELECT ';'; DELETE FROM notes_note", "SELECT \";\"; DELETE FROM notes_note", "SELECT 'it''s;'; DELETE FROM notes_note",
                "SELECT '--'; DELETE FROM notes_note", "SELECT '/*'; DELETE FROM notes_note --*/", "SELECT 1 -- ;\n; DELETE FROM notes_note",
                "SELECT 1;\n/* c */ DELETE FROM notes_note", "SELECT 1;;DELETE FROM notes_note", "SELECT [a;b]; DELETE FROM notes_note",
                "select * from notes_note; drop table notes_note", "SELECT 1;\u00a0DELETE FROM notes_note",
                "\uFEFFDELETE FROM notes_note",
                // PRAGMA changes, also in the parenthesised form, and PRAGMAs that act
                "PRAGMA query_only = 0", "PRAGMA query_only(0)", "PRAGMA writable_schema = 1", "PRAGMA main.journal_mode = OFF",
                "PRAGMA journal_mode(DELETE)", "PRAGMA user_version(5)", "PRAGMA main.application_id(7)", "PRAGMA schema_version(1)",
                "PRAGMA page_size (1024)", "PRAGMA encoding('UTF-16')", "PRAGMA \"user_version\"(5)", "PRAGMA cache_size = 1",
                "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA optimize", "PRAGMA incremental_vacuum", "PRAGMA busy_timeout = 0",
                "PRAGMA temp_store_directory = '" + o + "'",
                // EXPLAIN compiles its statement, and some PRAGMAs act while compiled
                "EXPLAIN PRAGMA query_only = 0", "EXPLAIN PRAGMA query_only(0)", "EXPLAIN QUERY PLAN PRAGMA writable_schema = 1",
                "EXPLAIN DELETE FROM notes_note", "EXPLAIN QUERY PLAN ATTACH '" + o + "' AS x", "EXPLAIN EXPLAIN SELECT 1", "EXPLAIN",
                // other files, extensions, temp objects, transactions, maintenance
                "ATTACH DATABASE ':memory:' AS m", "ATTACH '" + o + "' AS o", "DETACH main", "VACUUM INTO '" + o + "'", "VACUUM",
                "SELECT load_extension('" + o + "')", "SELECT load_extension('x', 'init')", "CREATE TEMP TABLE t(x)",
                "CREATE TEMPORARY VIEW v AS SELECT 1", "CREATE TEMP TRIGGER tr AFTER INSERT ON notes_note BEGIN SELECT 1; END",
                "CREATE VIRTUAL TABLE temp.f USING fts5(x)", "BEGIN IMMEDIATE", "COMMIT", "END", "ROLLBACK", "SAVEPOINT a",
                "RELEASE a", "ANALYZE", "REINDEX",
                // not a statement at all
                "", "   ", ";", "-- only a comment", "SELECT 'unterminated", "SELECT \"unterminated", "ＳＥＬＥＣＴ 1");
    }

    @Test
    void hostileRawQueriesAreRefusedAndChangeNothing() throws Exception {
        Path other = dir.resolve("other.db");
        try (DatabaseManager m = open(Duration.ofSeconds(30))) {
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, 3));
            m.batch().flushAndWait();
            String before = state(m);
            List<String> hostile = hostile(other);
            for (String sql : hostile) {
                StorageException e = assertThrows(StorageException.class, () -> m.executeRaw(sql), sql);
                assertEquals(StorageErrorCode.QUERY_REJECTED, e.code(), sql + " -> " + e.code() + ": " + e.getMessage());
                assertFalse(e.getMessage().isBlank(), sql);
            }
            assertEquals(before, state(m), "nothing changed, and the pooled connection is still query-only");
            assertFalse(Files.exists(other), "no file was created");
            assertEquals(List.of(List.of("wal")), m.executeRaw("PRAGMA journal_mode").rows());
            System.out.printf("raw query: %d hostile statements refused with QUERY_REJECTED, 0 changes%n", hostile.size());
        }
    }

    @Test
    void theReasonIsClear() {
        try (DatabaseManager m = open(Duration.ofSeconds(30))) {
            assertTrue(message(m, "WITH a AS (SELECT 1) DELETE FROM notes_note RETURNING *").contains("WITH clause may only lead to a SELECT; got DELETE"));
            assertTrue(message(m, "SELECT 1; DELETE FROM notes_note").contains("only one statement is allowed"));
            assertTrue(message(m, "PRAGMA user_version(5)").contains("changes a setting"));
            assertTrue(message(m, "EXPLAIN PRAGMA query_only = 0").contains("changing a PRAGMA is not allowed"));
            assertTrue(message(m, "UPDATE notes_note SET text = 'x'").contains("got UPDATE"));
            assertTrue(message(m, "SELECT 'x").contains("unterminated quote"));
        }
    }

    private static String message(DatabaseManager m, String sql) {
        return assertThrows(StorageException.class, () -> m.executeRaw(sql)).getMessage();
    }

    @Test
    void harmlessQueriesPassEvenWhenTheyLookSuspicious() {
        try (DatabaseManager m = open(Duration.ofSeconds(30))) {
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, 3));
            m.batch().flushAndWait();
            List<Object[]> cases = List.of(
                    new Object[] {"SELECT 'a;b'", List.of(List.of("a;b"))},
                    new Object[] {"SELECT 'DELETE FROM notes_note; --'", List.of(List.of("DELETE FROM notes_note; --"))},
                    new Object[] {"SELECT [a;b] FROM (SELECT 1 AS [a;b])", List.of(List.of(1L))},
                    new Object[] {"SELECT \"x;y\" FROM (SELECT 2 AS \"x;y\")", List.of(List.of(2L))},
                    new Object[] {"SELECT 1;   ", List.of(List.of(1L))},
                    new Object[] {"SELECT 1 /* ; */ ;  -- done\n", List.of(List.of(1L))},
                    new Object[] {"select 1; ; ;", List.of(List.of(1L))},
                    new Object[] {"SELECT replace(text, 'note', 'n') FROM notes_note WHERE seq = 0", List.of(List.of("n 1/0"))},
                    new Object[] {"WITH \"replace\" AS (SELECT 1 AS x) SELECT x FROM \"replace\"", List.of(List.of(1L))},
                    new Object[] {"WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a) SELECT y FROM b", List.of(List.of(2L))},
                    new Object[] {"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5) SELECT sum(x) FROM c",
                            List.of(List.of(15L))},
                    new Object[] {"WITH a AS MATERIALIZED (SELECT ')' AS x) VALUES ((SELECT x FROM a))", List.of(List.of(")"))},
                    new Object[] {"VALUES (1, 'x')", List.of(List.of(1L, "x"))},
                    new Object[] {"PRAGMA user_version", List.of(List.of(0L))},
                    new Object[] {"PRAGMA journal_mode", List.of(List.of("wal"))},
                    new Object[] {"PRAGMA integrity_check(10)", List.of(List.of("ok"))},
                    new Object[] {"PRAGMA main.quick_check", List.of(List.of("ok"))},
                    new Object[] {"SELECT count(*) FROM pragma_table_info('notes_note')", List.of(List.of(3L))});
            for (Object[] c : cases) {
                assertEquals(c[1], m.executeRaw((String) c[0]).rows(), (String) c[0]);
            }
            assertEquals(3, m.executeRaw("PRAGMA table_info(notes_note)").rows().size());
            assertEquals(1, m.executeRaw("PRAGMA main.index_list('notes_note')").rows().stream()
                    .filter(row -> row.get(1).equals("notes_note_text")).count());
            assertFalse(m.executeRaw("EXPLAIN QUERY PLAN SELECT * FROM notes_note WHERE batch = 1").rows().isEmpty());
            assertFalse(m.executeRaw("EXPLAIN SELECT 1").rows().isEmpty());
        }
    }

    private enum Colour { RED }

    @Test
    void parametersAreBoundNeverPasted() {
        try (DatabaseManager m = open(Duration.ofSeconds(30))) {
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, 3));
            m.batch().flushAndWait();
            for (String evil : List.of("'; DROP TABLE notes_note; --", "1 OR 1=1", "' OR '1'='1", "\" OR \"\"=\"", "notes_note",
                    "?", "?1", ":x", "$x", "@x", "); DELETE FROM notes_note; --", "\0", "'")) {
                assertEquals(List.of(List.of(evil)), m.executeRaw("SELECT ?", evil).rows(), evil);
                assertEquals(List.of(List.of(0L)), m.executeRaw("SELECT count(*) FROM notes_note WHERE text = ?", evil).rows(), evil);
            }
            // values keep their types
            List<Object> row = m.executeRaw("SELECT ?, ?, ?, ?, ?, ?", 7, 2.5, true, Colour.RED, null, new byte[] {1, 2}).rows().get(0);
            assertEquals(Arrays.asList(7L, 2.5, 1L, "RED", null), row.subList(0, 5));
            assertArrayEquals(new byte[] {1, 2}, (byte[]) row.get(5));
            // a numbered parameter used twice takes one value
            assertEquals(List.of(List.of(3L, 3L)), m.executeRaw("SELECT ?1, ?1", 3).rows());
            // the wrong number of values is a clear error, not a silent NULL or a driver exception
            for (Object[] params : List.of(new Object[] {}, new Object[] {1}, new Object[] {1, 2, 3})) {
                StorageException e = assertThrows(StorageException.class, () -> m.executeRaw("SELECT ?, ?", params));
                assertEquals(StorageErrorCode.INVALID_ARGUMENT, e.code());
                assertTrue(e.getMessage().contains("has 2 parameter(s) but " + params.length + " values were given"), e.getMessage());
            }
            StorageException tooMany = assertThrows(StorageException.class, () -> m.read(r -> r.queryLong("SELECT ?", 1, 2)));
            assertEquals(StorageErrorCode.INVALID_ARGUMENT, tooMany.code(), tooMany.getMessage());
            StorageException type = assertThrows(StorageException.class, () -> m.executeRaw("SELECT ?", new Object()));
            assertEquals(StorageErrorCode.INVALID_ARGUMENT, type.code());
            assertEquals(3L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM notes_note")), "nothing changed");
        }
    }

    @Test
    void readConnectionsRefuseWritesEvenWithoutTheTextGuard() {
        Path other = dir.resolve("other.db");
        try (DatabaseManager m = open(Duration.ofSeconds(30))) {
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, 5));
            m.batch().flushAndWait();
            String before = state(m);
            // db.read runs any text it is given: the connection itself must refuse
            List<String> writes = List.of("DELETE FROM notes_note", "DELETE FROM notes_note RETURNING *",
                    "INSERT INTO notes_note VALUES (9, 9, 'x')", "INSERT INTO notes_note VALUES (9, 9, 'x') RETURNING batch",
                    "UPDATE notes_note SET text = 'x' RETURNING text", "REPLACE INTO notes_note VALUES (1, 0, 'x') RETURNING *",
                    "WITH a AS (SELECT 1) DELETE FROM notes_note RETURNING *", "CREATE TEMP TABLE t(x)", "CREATE TABLE t(x)",
                    "DROP TABLE notes_note", "ATTACH DATABASE '" + other + "' AS o", "VACUUM INTO '" + other + "'",
                    "PRAGMA user_version = 5", "PRAGMA query_only = 0",
                    // query_only is off now on this connection: the read-only open still refuses every write
                    "INSERT INTO notes_note VALUES (9, 9, 'x') RETURNING batch", "DELETE FROM notes_note RETURNING *",
                    "PRAGMA user_version = 5");
            List<String> refused = new ArrayList<>();
            for (String sql : writes) {
                StorageException e = assertThrows(StorageException.class, () -> m.read(r -> r.list(sql, row -> row.getObject(1))), sql);
                refused.add(e.code().name());
            }
            assertEquals(writes.size(), refused.size());
            // the next raw query leaves its connection query-only again, whatever came before
            assertEquals(List.of(List.of(1L)), m.executeRaw("SELECT 1").rows());
            assertEquals(before, state(m), "nothing changed");
            assertFalse(Files.exists(other), "ATTACH and VACUUM INTO created nothing");
            System.out.printf("raw query: %d writes through db.read refused by the read-only connection itself%n", writes.size());
        }
    }

    @Test
    void theBudgetInterruptsLongQueriesAndTheConnectionIsFineAfterwards() {
        try (DatabaseManager m = open(Duration.ofMillis(200))) {
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, 3));
            m.batch().flushAndWait();
            for (String endless : List.of("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c",
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c",
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c ORDER BY x DESC LIMIT 1")) {
                StorageException e = assertThrows(StorageException.class, () -> m.executeRaw(endless), endless);
                assertEquals(StorageErrorCode.QUERY_TIMEOUT, e.code(), e.getMessage());
                assertTrue(e.getMessage().contains("ran longer than 200 ms"), e.getMessage());
                // the one pooled connection: works for the next raw query and is still query-only
                assertEquals(List.of(List.of(3L)), m.executeRaw("SELECT count(*) FROM notes_note").rows());
                assertEquals(1L, (long) m.read(r -> r.queryLong("PRAGMA query_only")));
            }
            // the budget is the raw query's alone: the same connection runs a long domain read to its end
            assertEquals(2_000_000L, (long) m.read(r -> r.queryLong(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) FROM c")));
        }
    }
}
