package drift.storage.testkit;

import drift.storage.api.BatchFailedException;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.SqlDialect;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RawResult;
import drift.storage.api.RowType;
import drift.storage.api.ScanInfo;
import drift.storage.api.ScanRequest;
import drift.storage.api.ScanSession;
import drift.storage.api.spi.StorageDomain;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A fresh drift database for each test: in a new temp folder, with the domains you name (or every domain found
 * on the module path, or a subset of them by id), opened before the test and closed, with its folder deleted,
 * after it. With {@code -Ddrift.test.engine=postgresql} the store is a new schema of a PostgreSQL server instead
 * (one the kit starts, or {@code -Ddrift.test.postgres.url}), so one suite runs on both engines. Register it on a
 * field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final DriftStore store = DriftStore.of(new MyDomain());
 *
 * @Test
 * void writesAndReadsBack() {
 *     store.write(MyStore.ITEM, List.of(new Item("src/a.ts", "x")));
 *     assertEquals(1, store.count("my_item"));
 * }
 * }</pre>
 */
public final class DriftStore implements BeforeEachCallback, AfterEachCallback {
    private final List<StorageDomain> domains;
    private final UnaryOperator<DatabaseConfig.Builder> config;
    private Path dir;
    private String url;
    private DatabaseManager db;

    private DriftStore(List<StorageDomain> domains, UnaryOperator<DatabaseConfig.Builder> config) {
        this.domains = List.copyOf(domains);
        this.config = config;
    }

    /** A store with exactly these domains. */
    public static DriftStore of(StorageDomain... domains) {
        return new DriftStore(List.of(domains), UnaryOperator.identity());
    }

    /** A store with every domain found on the module path (or class path), as {@code drift} itself opens one. */
    public static DriftStore discovered() {
        return new DriftStore(DatabaseManager.discoverDomains(), UnaryOperator.identity());
    }

    /** A store with the domains found whose ids are given; an id nobody provides is an error naming it. */
    public static DriftStore discovered(String... ids) {
        List<StorageDomain> found = DatabaseManager.discoverDomains();
        List<StorageDomain> chosen = new ArrayList<>();
        for (String id : ids) {
            chosen.add(found.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "no domain '" + id + "' is installed; found: " + found.stream().map(StorageDomain::id).toList())));
        }
        return new DriftStore(chosen, UnaryOperator.identity());
    }

    /** This store with configuration of its own (page cache, batch sizes, a read-only open...). */
    public DriftStore config(UnaryOperator<DatabaseConfig.Builder> change) {
        Objects.requireNonNull(change, "change");
        return new DriftStore(domains, change);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("drift-test-");
        url = drift.storage.testkit.internal.TestServers.postgres() ? drift.storage.testkit.internal.TestServers.newSchemaUrl() : null;
        db = open();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (db != null) {
                db.close();
            }
        } finally {
            db = null;
            delete(dir);
        }
    }

    private DatabaseManager open() {
        return DatabaseManager.open(config.apply(builder()).build(), domains);
    }

    /** A configuration builder for this test's store (its file, or its schema's URL), from the defaults. */
    public DatabaseConfig.Builder builder() {
        return url != null ? DatabaseConfig.builder(url) : DatabaseConfig.builder(path());
    }

    /** The SQL of the engine this test's store runs on. */
    public SqlDialect dialect() {
        return url != null ? SqlDialect.POSTGRESQL : SqlDialect.SQLITE;
    }

    /** The open database. */
    public DatabaseManager db() {
        if (db == null) {
            throw new IllegalStateException("the store is open only while a test runs (register DriftStore with @RegisterExtension)");
        }
        return db;
    }

    /** The test's temp folder (deleted after the test): a place for other files too. */
    public Path dir() {
        return dir;
    }

    /**
     * The database file. A test that needs one (it copies or damages the file, say) runs on SQLite only: on
     * PostgreSQL it is skipped here.
     */
    public Path path() {
        org.junit.jupiter.api.Assumptions.assumeTrue(url == null, "a store file: SQLite only");
        return dir.resolve("drift.db");
    }

    /** Closes the database and opens it again, as a new process would find it (no writer-side caches). */
    public DatabaseManager reopen() {
        db().close();
        db = open();
        return db;
    }

    /** Writes rows as one batch and waits until they are committed; a rejected batch is thrown. */
    public <R> void write(RowType<R> type, Collection<? extends R> rows) {
        db().batch().addAll(type, rows);
        db().batch().flushAndWait();
    }

    /**
     * One scan: begins it, lets {@code body} declare files and add rows, and commits it.
     *
     * @throws BatchFailedException when one of its batches was rejected (nothing of the scan is stored)
     */
    public ScanInfo scan(ScanRequest request, Consumer<ScanSession> body) {
        try (ScanSession s = db().beginScan(request)) {
            body.accept(s);
            return s.commit();
        }
    }

    /** How many rows a table holds. */
    public long count(String table) {
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        return db().read(r -> r.queryLong("SELECT count(*) FROM " + table));
    }

    /** The rows of a read-only query, as column-name maps in column order. */
    public List<Map<String, Object>> rows(String sql, Object... params) {
        RawResult r = db().executeRaw(sql, params);
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.columns().size(); i++) {
                m.put(r.columns().get(i), row.get(i));
            }
            out.add(m);
        }
        return out;
    }

    /** The tables of the database, sorted, without the engine's own. */
    public Set<String> tables() {
        return tables(db());
    }

    /** The tables of {@code db}, sorted, without the engine's own. */
    static Set<String> tables(DatabaseManager db) {
        List<String> names = db.read(r -> r.dialect() == SqlDialect.POSTGRESQL
                ? r.list("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()", row -> row.getString(1))
                : r.list("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
                        row -> row.getString(1)));
        return new java.util.TreeSet<>(names);
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test store " + dir, e);
        }
    }
}
