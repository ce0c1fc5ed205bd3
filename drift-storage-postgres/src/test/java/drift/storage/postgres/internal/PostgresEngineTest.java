package drift.storage.postgres.internal;

import drift.storage.api.BulkInsert;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.DomainInfo;
import drift.storage.api.RowType;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.StorageDomain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's own behaviour on a real (embedded) server: COPY against multi-row inserts, the write lock, foreign schemas. */
class PostgresEngineTest {
    private static EmbeddedPostgres server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedPostgres.builder().start();
        url = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres?user=postgres";
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    record Value(String file, String text, Long n, Double r, byte[] b) {
    }

    /** A domain of one table, written through COPY (many rows) or multi-row inserts (few). */
    static final class Values implements StorageDomain {
        static final RowType<Value> ROW = new RowType<>("values", "value", Value.class);

        @Override
        public String id() {
            return "values";
        }

        @Override
        public void contribute(DomainRegistrar r) {
            r.migration(new Migration(1, "values", "CREATE TABLE values_value (seq BIGINT GENERATED ALWAYS AS IDENTITY, file TEXT NOT NULL, "
                    + "text TEXT, n BIGINT, r DOUBLE PRECISION, b BYTEA)"));
            r.rows(ROW, (w, rows) -> w.insertAll(BulkInsert.into("values_value", "file", "text", "n", "r", "b"), rows,
                    (v, x) -> x.text(v.file()).text(v.text()).integer(v.n()).real(v.r()).blob(v.b())));
        }
    }

    private static List<Value> tricky(int copies) {
        List<Value> out = new ArrayList<>();
        String[] texts = {"plain", "tab\there", "new\nline", "back\\slash", "\\N", "carriage\rreturn", "ünïcødé ✓ 𝄞", "", null,
                "trailing\\", "quote ' and \" marks", "\\.", "comma,semicolon;"};
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < texts.length; i++) {
                out.add(new Value("f" + c, texts[i], i % 3 == 0 ? null : (long) i * (c % 2 == 0 ? 1 : -1) * 1_000_000_007L,
                        i % 4 == 0 ? null : i / 7.0, i % 5 == 0 ? null : new byte[] {0, (byte) i, (byte) 0xff, '\\', '\t', '\n'}));
            }
        }
        return out;
    }

    private static List<Value> stored(DatabaseManager db) {
        return db.read(r -> r.list("SELECT file, text, n, r, b FROM values_value ORDER BY seq", row -> new Value(row.getString(1),
                row.getString(2), row.getLongOrNull("n"), row.getDoubleOrNull("r"), row.getBytes("b"))));
    }

    private static void assertSame(List<Value> expected, List<Value> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Value e = expected.get(i);
            Value a = actual.get(i);
            assertEquals(Arrays.asList(e.file(), e.text(), e.n(), e.r()), Arrays.asList(a.file(), a.text(), a.n(), a.r()), "row " + i);
            assertArrayEquals(e.b(), a.b(), "row " + i);
        }
    }

    @Test
    void copyAndInsertStoreEveryValueAlike() {
        List<Value> many = tricky(40); // 520 rows: COPY
        List<Value> few = tricky(1);   // 13 rows: a multi-row insert
        try (DatabaseManager db = DatabaseManager.open(DatabaseConfig.builder(url).repository("copy_values").build(), List.of(new Values()))) {
            db.batch().addAll(Values.ROW, many);
            db.batch().flushAndWait();
            assertSame(many, stored(db));
        }
        try (DatabaseManager db = DatabaseManager.open(DatabaseConfig.builder(url).repository("insert_values").build(), List.of(new Values()))) {
            db.batch().addAll(Values.ROW, few);
            db.batch().flushAndWait();
            assertSame(few, stored(db));
        }
    }

    @Test
    void oneWriterPerRepositoryAndRepositoriesApart() {
        DatabaseConfig a = DatabaseConfig.builder(url).repository("lock_a").busyTimeout(java.time.Duration.ofMillis(300)).build();
        try (DatabaseManager first = DatabaseManager.open(a, List.of(new Values()))) {
            StorageException e = assertThrows(StorageException.class, () -> DatabaseManager.open(a, List.of(new Values())).close());
            assertEquals(StorageErrorCode.LOCKED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("another drift process is writing"), e.getMessage());
            // another repository of the same database is written at the same time
            try (DatabaseManager other = DatabaseManager.open(DatabaseConfig.builder(url).repository("lock_b").build(), List.of(new Values()))) {
                other.batch().addAll(Values.ROW, tricky(1));
                other.batch().flushAndWait();
            }
            // a reader does not wait for the writer
            try (DatabaseManager reader = DatabaseManager.open(a.toBuilder().readOnly(true).build(), List.of(new Values()))) {
                assertEquals(0L, (long) reader.read(r -> r.queryLong("SELECT count(*) FROM values_value")));
            }
            assertTrue(first.repositories().containsAll(List.of("lock_a", "lock_b")), first.repositories().toString());
            assertEquals("lock_a", first.repository());
        }
    }

    @Test
    void aDomainWithoutPostgresqlMigrationsIsLeftOutNamingWhatItLacksAndTheOthersServe() {
        StorageDomain sqliteOnly = new StorageDomain() {
            @Override
            public String id() {
                return "lonely";
            }

            @Override
            public void contribute(DomainRegistrar r) {
                r.migration(Migration.load(getClass()::getResourceAsStream, 1, "tables", r.dialect().folder() + "/V1__lonely.sql"));
            }
        };
        DatabaseConfig config = DatabaseConfig.builder(url).repository("lonely").build();
        try (DatabaseManager db = DatabaseManager.open(config, List.of(sqliteOnly, new Values()))) {
            db.batch().addAll(Values.ROW, tricky(1));
            db.batch().flushAndWait();
            assertEquals((long) tricky(1).size(), (long) db.read(r -> r.queryLong("SELECT count(*) FROM values_value")));
            assertFalse(db.hasDomain("lonely"));
            assertTrue(db.hasDomain("values"));
            DomainInfo lonely = db.domains().stream().filter(d -> d.id().equals("lonely")).findFirst().orElseThrow();
            assertFalse(lonely.installed());
            assertTrue(lonely.unavailable());
            assertTrue(lonely.description().contains("no postgresql/ migrations"), lonely.description());
            assertEquals(0L, (long) db.read(r -> r.queryLong(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'lonely' AND table_name LIKE 'lonely%'")));
        }
        // read-only too
        try (DatabaseManager db = DatabaseManager.open(config.toBuilder().readOnly(true).build(), List.of(sqliteOnly, new Values()))) {
            assertTrue(db.domains().stream().anyMatch(d -> d.id().equals("lonely") && !d.installed()));
        }
    }

    @Test
    void aSchemaOfAnotherApplicationIsLeftUntouched() {
        try (DatabaseManager db = DatabaseManager.open(DatabaseConfig.builder(url).repository("maker").build(), List.of())) {
            db.write(w -> {
                w.script("CREATE SCHEMA theirs; CREATE TABLE theirs.their_table (x INTEGER)");
                return null;
            });
        }
        StorageException e = assertThrows(StorageException.class,
                () -> DatabaseManager.open(DatabaseConfig.builder(url).repository("theirs").build(), List.of()).close());
        assertEquals(StorageErrorCode.NOT_A_DRIFT_DATABASE, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("holds 1 tables of another application"), e.getMessage());
        assertEquals(List.of(), DatabaseManager.repositories(DatabaseConfig.builder(url).repository("theirs").build()).stream()
                .filter("theirs"::equals).toList(), "not a drift repository");
    }
}
