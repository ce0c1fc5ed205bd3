package drift.storage.testkit;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RowType;
import drift.storage.api.ScanMode;
import drift.storage.api.ScanRequest;
import drift.storage.api.ScanSession;
import drift.storage.api.SourceFile;
import drift.storage.api.StorageException;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.StorageDomain;
import drift.storage.testkit.internal.Contribution;
import drift.storage.testkit.internal.TestServers;
import drift.storage.testkit.internal.SchemaShape;
import drift.storage.testkit.internal.WitnessDomain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The rules every domain keeps, as tests. Extend it in your domain's tests, name the domain and give it sample
 * rows of at least two files:
 *
 * <pre>{@code
 * class MyDomainContractTest extends DomainContract {
 *     protected StorageDomain domain() { return new MyDomain(); }
 *     protected void sample(Sample s) {
 *         s.rows("src/a.ts", MyStore.ITEM, List.of(new Item("src/a.ts", "x")));
 *         s.rows("src/b.ts", MyStore.ITEM, List.of(new Item("src/b.ts", "y")));
 *     }
 * }
 * }</pre>
 *
 * Each rule is a test whose failure message names the rule. The domain runs beside the kit's witness domain,
 * whose rows must never move.
 */
public abstract class DomainContract {
    private Path dir;
    private final List<DatabaseManager> open = new ArrayList<>();
    /** On PostgreSQL, each store name of a test is a schema of its own. */
    private final Map<String, String> schemas = new java.util.HashMap<>();

    /** The domain under test (a new instance each call is fine). */
    protected abstract StorageDomain domain();

    /** Sample rows, under at least two files. */
    protected abstract void sample(Sample sample);

    /** Arguments for a named query of the domain, when it needs some (default: none). */
    protected Map<String, String> queryArguments(String query) {
        return Map.of();
    }

    /**
     * Tables {@code clear} leaves as they are on purpose: decisions a person made, which outlive the scan data
     * (default: none).
     */
    protected Set<String> keptByClear() {
        return Set.of();
    }

    @BeforeEach
    final void createFolder() throws IOException {
        dir = Files.createTempDirectory("drift-contract-");
    }

    @AfterEach
    final void closeAll() {
        open.forEach(DatabaseManager::close);
        open.clear();
        schemas.clear();
        DriftStore.delete(dir);
    }

    /** The store called {@code name} in this test: a file in the test's folder, or a schema of the test server. */
    private DatabaseConfig.Builder store(String name) {
        if (TestServers.postgres()) {
            return DatabaseConfig.builder(schemas.computeIfAbsent(name, n -> TestServers.newSchemaUrl()));
        }
        return DatabaseConfig.builder(dir.resolve(name));
    }

    private DatabaseManager open(String name, StorageDomain... domains) {
        DatabaseManager db = DatabaseManager.open(store(name).build(), List.of(domains));
        open.add(db);
        return db;
    }

    private void close(DatabaseManager db) {
        open.remove(db);
        db.close();
    }

    private static drift.storage.api.SqlDialect dialect() {
        return TestServers.postgres() ? drift.storage.api.SqlDialect.POSTGRESQL : drift.storage.api.SqlDialect.SQLITE;
    }

    private String id() {
        return domain().id();
    }

    private Sample sampled() {
        Sample s = new Sample();
        sample(s);
        if (s.files().size() < 2) {
            fail("the sample must put rows under at least two files (it has " + s.files() + ")");
        }
        return s;
    }

    /** Writes the sample rows of {@code files} in one scan of the domain alone; the witness's note of each too. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void scan(DatabaseManager db, Sample sample, Collection<String> files, ScanMode mode) {
        ScanRequest r = switch (mode) {
            case SNAPSHOT -> ScanRequest.snapshot("/contract");
            case REPLACE -> ScanRequest.replace("/contract");
            case MERGE -> ScanRequest.merge("/contract");
        };
        try (ScanSession s = db.beginScan(r.withDomains(Set.of(id())))) {
            for (String f : files) {
                s.file(SourceFile.of(f));
                for (Sample.Part p : sample.parts()) {
                    if (p.file().equals(f)) {
                        s.add((RowType) p.type(), (List) p.rows());
                    }
                }
            }
            s.commit();
        }
    }

    private static void witness(DatabaseManager db) {
        db.batch().addAll(WitnessDomain.NOTE, List.of(new WitnessDomain.Note("w/one.txt", "kept"), new WitnessDomain.Note("w/two.txt", "kept")));
        db.batch().flushAndWait();
    }

    private static long witnessRows(DatabaseManager db) {
        return db.read(r -> r.queryLong("SELECT count(*) FROM " + WitnessDomain.TABLE));
    }

    /** The domain's tables: those its migrations made (not the platform's, not the witness's). */
    private Set<String> domainTables(DatabaseManager db) {
        Set<String> all = tables(db);
        all.removeIf(t -> t.startsWith("drift_") || t.startsWith(WitnessDomain.ID + "_") || t.equals(WitnessDomain.TABLE));
        return all;
    }

    private static Set<String> tables(DatabaseManager db) {
        return DriftStore.tables(db);
    }


    /** Rows per table of the domain's, the witness's and the file manifest. */
    private Map<String, Long> counts(DatabaseManager db) {
        Map<String, Long> out = new TreeMap<>();
        for (String t : domainTables(db)) {
            if (!isDerived(db, t)) {
                out.put(t, db.read(r -> r.queryLong("SELECT count(*) FROM \"" + t + "\"")));
            }
        }
        out.put(WitnessDomain.TABLE, witnessRows(db));
        return out;
    }

    @Test
    @DisplayName("migrations: an empty database is migrated to the newest version, and reopening changes nothing")
    void migratesFromEmptyAndReopensUnchanged() {
        int latest = Contribution.of(domain(), dialect()).latest();
        assertTrue(latest >= 1, "rule 'migrations': the domain registers no migration");
        DatabaseManager db = open("fresh.db", domain());
        assertEquals(latest, version(db), "rule 'migrations': a new database is at the newest version");
        Set<String> tables = domainTables(db);
        assertFalse(tables.isEmpty(), "rule 'migrations': the migrations create no table");
        Map<String, Object> shape = db.read(r -> SchemaShape.of(r, tables));
        close(db);
        DatabaseManager again = open("fresh.db", domain());
        assertEquals(latest, version(again));
        assertEquals(shape, again.read(r -> SchemaShape.of(r, domainTables(again))), "rule 'migrations': reopening an up-to-date "
                + "database must not change its schema");
    }

    private int version(DatabaseManager db) {
        return db.domains().stream().filter(d -> d.id().equals(id())).findFirst().orElseThrow().schemaVersion();
    }

    @Test
    @DisplayName("upgrades: a database at every earlier version the domain ships is migrated to the shape of a new one")
    void upgradesFromEveryEarlierVersion() {
        int latest = Contribution.of(domain(), dialect()).latest();
        DatabaseManager fresh = open("fresh.db", domain());
        Map<String, Object> expected = fresh.read(r -> SchemaShape.of(r, domainTables(fresh)));
        for (int v = 1; v < latest; v++) {
            String name = "v" + v + ".db";
            DatabaseManager old = open(name, Contribution.upTo(domain(), v));
            assertEquals(v, version(old));
            close(old);
            DatabaseManager upgraded = open(name, domain());
            assertEquals(latest, version(upgraded), "rule 'upgrades': version " + v + " is migrated to " + latest);
            assertEquals(expected, upgraded.read(r -> SchemaShape.of(r, domainTables(upgraded))), "rule 'upgrades': a database made "
                    + "at version " + v + " and migrated must have the schema of a new one");
            close(upgraded);
        }
    }

    @Test
    @DisplayName("clear: empties the domain's own tables and no one else's")
    void clearEmptiesItsOwnTablesOnly() {
        DatabaseManager db = open("clear.db", domain(), new WitnessDomain());
        witness(db);
        Sample sample = sampled();
        scan(db, sample, sample.files(), ScanMode.MERGE);
        Map<String, Long> before = counts(db);
        assertTrue(before.entrySet().stream().anyMatch(e -> !e.getKey().equals(WitnessDomain.TABLE) && e.getValue() > 0),
                "the sample wrote no row: " + before);
        db.clearDomain(id());
        Map<String, Long> after = counts(db);
        for (Map.Entry<String, Long> e : after.entrySet()) {
            String t = e.getKey();
            if (t.equals(WitnessDomain.TABLE)) {
                assertEquals(before.get(t), e.getValue(), "rule 'clear': clearing '" + id() + "' changed another domain's table " + t);
            } else if (keptByClear().contains(t)) {
                assertEquals(before.get(t), e.getValue(), "rule 'clear': " + t + " is declared kept by clear, but it changed");
            } else if (!isDerived(db, t)) {
                assertEquals(0L, e.getValue(), "rule 'clear': clearing '" + id() + "' left rows in its table " + t);
            }
        }
    }

    /** A full-text index's internal tables (fts5 shadow tables) follow their table; they are not data of their own. */
    private static boolean isDerived(DatabaseManager db, String table) {
        return !TestServers.postgres() && table.matches(".*_(data|idx|docsize|config|content)$") && db.read(r -> r.queryLong("SELECT count(*) FROM sqlite_schema "
                + "WHERE type = 'table' AND name = ? AND sql LIKE 'CREATE VIRTUAL TABLE%'", table.replaceAll("_(data|idx|docsize|config|content)$",
                ""))) > 0;
    }

    @Test
    @DisplayName("file scoping: a file's rows go with the file, in every table, and only its rows")
    void rowsOfAFileGoWithTheFile() {
        Sample sample = sampled();
        List<String> files = new ArrayList<>(sample.files());
        List<String> kept = files.subList(0, files.size() - 1);
        // the oracle: a store that only ever saw the kept files
        DatabaseManager only = open("only.db", domain(), new WitnessDomain());
        witness(only);
        scan(only, sample, kept, ScanMode.SNAPSHOT);
        Map<String, Long> expected = counts(only);
        // every file, then a snapshot without the last one
        DatabaseManager db = open("rescan.db", domain(), new WitnessDomain());
        witness(db);
        scan(db, sample, files, ScanMode.SNAPSHOT);
        assertNotEquals(expected, counts(db), "the sample's last file (" + files.get(files.size() - 1) + ") must bring rows of its own");
        scan(db, sample, kept, ScanMode.SNAPSHOT);
        assertEquals(expected, counts(db), "rule 'file scoping': after a snapshot without " + files.get(files.size() - 1)
                + ", the store must hold what a store that never saw it holds (and the witness's rows stay)");
    }

    @Test
    @DisplayName("idempotent: the same files scanned again change nothing")
    void theSameScanTwiceChangesNothing() {
        Sample sample = sampled();
        DatabaseManager db = open("twice.db", domain(), new WitnessDomain());
        witness(db);
        scan(db, sample, sample.files(), ScanMode.MERGE);
        Map<String, Long> once = counts(db);
        Map<String, Object> status = db.status().sections().get(id());
        scan(db, sample, sample.files(), ScanMode.MERGE);
        assertEquals(once, counts(db), "rule 'idempotent': merging the same files again must replace their rows, not add to them");
        assertEquals(status, db.status().sections().get(id()), "rule 'idempotent': the status after the same scan again");
    }

    @Test
    @DisplayName("queries: every named query runs on a read-only connection, and reads only")
    void namedQueriesRunReadOnly() {
        DatabaseManager db = open("queries.db", domain(), new WitnessDomain());
        witness(db);
        Sample sample = sampled();
        scan(db, sample, sample.files(), ScanMode.MERGE);
        Map<String, Long> before = counts(db);
        long version = db.dataVersion();
        close(db);
        DatabaseManager reader = DatabaseManager.open(store("queries.db").readOnly(true)
                .createIfMissing(false).build(), List.of(domain(), new WitnessDomain()));
        open.add(reader);
        for (NamedQuery q : Contribution.of(domain()).queries) {
            try {
                reader.query(id(), q.name(), queryArguments(q.name()));
            } catch (StorageException e) {
                fail("rule 'queries': query '" + q.name() + "' failed on a read-only connection (give its arguments with "
                        + "queryArguments if it needs some): " + e.getMessage(), e);
            }
        }
        close(reader);
        DatabaseManager after = open("queries.db", domain(), new WitnessDomain());
        assertEquals(version, after.dataVersion(), "rule 'queries': running the named queries wrote to the store");
        assertEquals(before, counts(after));
    }

    @Test
    @DisplayName("status: the same keys on an empty and a full store, numbers staying numbers")
    void statusKeysAreStable() {
        assertTrue(Contribution.of(domain()).status, "rule 'status': the domain registers no status section");
        DatabaseManager db = open("status.db", domain());
        Map<String, Object> empty = db.status().sections().get(id());
        Sample sample = sampled();
        scan(db, sample, sample.files(), ScanMode.MERGE);
        Map<String, Object> full = db.status().sections().get(id());
        assertEquals(shape(empty), shape(full), "rule 'status': the status keys (and which are numbers) must not depend on the data");
        assertTrue(flatten("", full).values().stream().anyMatch(v -> v instanceof Number n && n.doubleValue() != 0),
                "rule 'status': no figure of the status moved with the sample's rows: " + full);
    }

    /**
     * Each key with the kind of its value: number, text, null, or for a breakdown (counts by status, by kind...)
     * "numbers by key", whose own keys may come and go with the data but whose values stay numbers.
     */
    private static Map<String, String> shape(Map<String, Object> section) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : section.entrySet()) {
            Object v = e.getValue();
            out.put(e.getKey(), v instanceof Map<?, ?> m ? (m.values().stream().allMatch(x -> x instanceof Number) ? "numbers by key" : "map")
                    : v instanceof Number ? "number" : v == null ? "null" : "text");
        }
        return out;
    }

    private static Map<String, Object> flatten(String prefix, Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> inner) {
                inner.forEach((k, v) -> out.put(prefix + e.getKey() + "." + k, v));
            } else {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    @Test
    @DisplayName("no JDBC: the domain's module does not require java.sql")
    void moduleDoesNotRequireJavaSql() throws IOException {
        ModuleDescriptor descriptor = descriptor(domain().getClass());
        // a domain is a named module; one declared in test sources (a fixture) has no descriptor to check
        org.junit.jupiter.api.Assumptions.assumeTrue(descriptor != null, () -> "no module descriptor beside "
                + domain().getClass().getName() + ": the 'no JDBC' rule checks a named module's requires");
        assertFalse(descriptor.requires().stream().anyMatch(r -> r.name().equals("java.sql")), "rule 'no JDBC': module "
                + descriptor.name() + " requires java.sql; a domain reads and writes through drift.storage.api only");
    }

    /** The descriptor of the module of {@code type}: its own when named, else the module-info.class beside it. */
    private static ModuleDescriptor descriptor(Class<?> type) throws IOException {
        if (type.getModule().isNamed()) {
            return type.getModule().getDescriptor();
        }
        Path where;
        try {
            where = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            return null;
        }
        if (Files.isDirectory(where)) {
            Path info = where.resolve("module-info.class");
            if (!Files.exists(info)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(info)) {
                return ModuleDescriptor.read(in);
            }
        }
        try (JarFile jar = new JarFile(where.toFile())) {
            var entry = jar.getEntry("module-info.class");
            if (entry == null) {
                return null;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return ModuleDescriptor.read(in);
            }
        }
    }
}
