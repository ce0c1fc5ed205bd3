package drift.domain.patterns;

import drift.domain.patterns.internal.PatternsDomain;
import drift.storage.api.BatchFailedException;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.Fields;
import drift.storage.api.RowRejectedException;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.DatasetImporter;
import org.junit.jupiter.api.BeforeEach;
import drift.storage.testkit.DriftStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatternStoreTest {
    @RegisterExtension
    final DriftStore fixture = DriftStore.of(new PatternsDomain());
    Path dir;
    DatabaseManager db;
    PatternStore store;

    @BeforeEach
    void open() {
        dir = fixture.dir();
        db = fixture.db();
        store = PatternStore.of(db);
    }

    static PatternRow p(String id, Category c, PatternStatus s, double conf, String name, String description) {
        return new PatternRow(id, name, c, s, conf, Severity.WARNING, description, c.wire() + "/x-detector", "2025-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z");
    }

    static LocationRow loc(String pattern, String file, int line, boolean outlier) {
        return new LocationRow(pattern, file, line, 1, (long) line + 2, 10L, outlier, outlier ? "differs" : null, outlier ? 0.7 : null);
    }

    private void seed(int n) {
        List<PatternRow> rows = new ArrayList<>();
        Category[] cats = Category.values();
        for (int i = 0; i < n; i++) {
            rows.add(p(String.format("pat-%04d", i), cats[i % cats.length], PatternStatus.values()[i % 3], (i % 100) / 100.0,
                    "name " + i, i % 10 == 0 ? "auth token refresh " + i : "plain words " + i));
        }
        assertEquals(n, store.insertPatterns(rows).size());
        store.insertLocations(List.of(loc("pat-0000", "src/a.ts", 3, false), loc("pat-0000", "src/b.ts", 9, true),
                loc("pat-0002", "src/a.ts", 7, false)));
        db.batch().flushAndWait();
    }

    @Test
    void filtersOrdersAndKeysetPages() {
        seed(300);
        PatternPage page = store.queryPatterns(PatternQuery.builder().category(Category.API).status(PatternStatus.DISCOVERED)
                .minConfidence(0.5).limit(5).build());
        assertFalse(page.patterns().isEmpty());
        double last = 2;
        for (Pattern pt : page.patterns()) {
            assertEquals(Category.API, pt.row().category());
            assertEquals(PatternStatus.DISCOVERED, pt.row().status());
            assertTrue(pt.row().confidence() >= 0.5 && pt.row().confidence() <= last);
            last = pt.row().confidence();
        }
        // keyset paging visits every pattern exactly once, in order
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            PatternPage pg = store.queryPatterns(PatternQuery.builder().limit(37).cursor(cursor).build());
            pg.patterns().forEach(x -> assertTrue(seen.add(x.id()), "seen twice: " + x.id()));
            cursor = pg.nextCursor().orElse(null);
            pages++;
        } while (cursor != null);
        assertEquals(300, seen.size());
        assertEquals(9, pages);
        List<Pattern> byName = store.queryPatterns(PatternQuery.builder().order(PatternQuery.Order.NAME).limit(3).build()).patterns();
        assertEquals(List.of("name 0", "name 1", "name 10"), byName.stream().map(x -> x.row().name()).toList());
        assertEquals(List.of("pat-0000", "pat-0002"), store.queryPatterns(PatternQuery.builder().file("src/a.ts").order(PatternQuery.Order.NAME).build())
                .patterns().stream().map(Pattern::id).sorted().toList());
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class,
                () -> store.queryPatterns(PatternQuery.builder().cursor("garbage!").build())).code());
    }

    @Test
    void fullTextSearchRanksAndFilters() {
        seed(300);
        List<Pattern> hits = store.searchPatterns("auth token", PatternQuery.builder().limit(20).build());
        assertEquals(20, hits.size());
        hits.forEach(h -> assertTrue(h.row().description().contains("auth token"), h.row().description()));
        List<Pattern> filtered = store.searchPatterns("auth", PatternQuery.builder().status(PatternStatus.DISCOVERED)
                .minConfidence(0.5).build());
        filtered.forEach(h -> assertTrue(h.row().status() == PatternStatus.DISCOVERED && h.row().confidence() >= 0.5));
        // 30 descriptions and 20 detectors (category auth) mention auth
        assertEquals(50, store.searchPatterns("auth", PatternQuery.builder().limit(1000).build()).size());
        assertFalse(store.searchPatterns("tok*", PatternQuery.builder().build()).isEmpty(), "prefix search");
        // FTS syntax in user text is taken literally, never an exception trace
        for (String hostile : List.of("\"unbalanced", "auth OR", "NEAR(auth token", "a:b", "-x", "auth) AND (token", "*")) {
            try {
                store.searchPatterns(hostile, PatternQuery.builder().build());
            } catch (StorageException e) {
                assertEquals(StorageErrorCode.INVALID_ARGUMENT, e.code(), hostile + ": " + e.getMessage());
            }
        }
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class,
                () -> store.searchPatterns("  !!! ", PatternQuery.builder().build())).code());
    }

    @Test
    void reviewWorkflowAndUpsertKeepsTheDecision() {
        seed(3); // pat-0000 discovered, pat-0001 approved, pat-0002 ignored
        assertEquals(PatternStatus.DISCOVERED, store.updatePatternStatus("pat-0000", PatternStatus.APPROVED));
        PatternDetail d = store.getPattern("pat-0000").orElseThrow();
        assertNotNull(d.pattern().approvedAt());
        assertEquals(1, d.locations().size());
        assertEquals(1, d.outliers().size());
        assertEquals(List.of("src/a.ts", "src/b.ts"), d.files());
        StorageException e = assertThrows(StorageException.class, () -> store.updatePatternStatus("pat-0001", PatternStatus.DISCOVERED));
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("cannot go from approved to discovered"), e.getMessage());
        assertEquals(StorageErrorCode.NOT_FOUND, assertThrows(StorageException.class,
                () -> store.updatePatternStatus("nope", PatternStatus.APPROVED)).code());
        store.updatePatternStatus("pat-0002", PatternStatus.APPROVED);
        store.updatePatternStatus("pat-0001", PatternStatus.IGNORED);
        assertNotNull(store.getPattern("pat-0001").orElseThrow().pattern().statusChangedAt());
        // a rescan writes pat-0000 again as discovered with a new name: the review decision stays
        store.insertPatterns(List.of(p("pat-0000", Category.SECURITY, PatternStatus.DISCOVERED, 0.99, "renamed", "new words")));
        db.batch().flushAndWait();
        Pattern again = store.getPattern("pat-0000").orElseThrow().pattern();
        assertEquals(PatternStatus.APPROVED, again.row().status());
        assertEquals("renamed", again.row().name());
        assertEquals(1, store.searchPatterns("renamed", PatternQuery.builder().build()).size(), "search index follows updates");
        assertTrue(store.searchPatterns("name 0", PatternQuery.builder().build()).stream().noneMatch(x -> x.id().equals("pat-0000")));
        @SuppressWarnings("unchecked")
        Map<String, Object> s = db.status().sections().get("patterns");
        assertEquals(3L, s.get("patterns"));
        assertEquals(Map.of("discovered", 0L, "approved", 2L, "ignored", 1L), s.get("by_status"));
        assertEquals(Map.of("security", 1L, "components", 1L, "styling", 1L), new HashMap<>((Map<?, ?>) s.get("by_category")),
                "pat-0000 moved from structural to security");
        assertEquals(3L, s.get("locations"));
        assertEquals(1L, s.get("outliers"));
    }

    @Test
    void severalReviewsAreAllOrNone() {
        seed(3); // pat-0000 discovered, pat-0001 approved, pat-0002 ignored
        StorageException unknown = assertThrows(StorageException.class,
                () -> store.updatePatternStatuses(List.of("pat-0000", "nope"), PatternStatus.IGNORED));
        assertEquals(StorageErrorCode.NOT_FOUND, unknown.code());
        StorageException forbidden = assertThrows(StorageException.class,
                () -> store.updatePatternStatuses(List.of("pat-0000", "pat-0001"), PatternStatus.DISCOVERED));
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, forbidden.code());
        assertEquals(PatternStatus.DISCOVERED, store.getPattern("pat-0000").orElseThrow().pattern().row().status(),
                "nothing changed for a bad one among them");
        assertEquals(Map.of("discovered", 1L, "approved", 1L, "ignored", 1L), db.status().sections().get("patterns").get("by_status"));
        Map<String, PatternStatus> before = store.updatePatternStatuses(List.of("pat-0000", "pat-0002", "pat-0000"), PatternStatus.APPROVED);
        assertEquals(List.of("pat-0000", "pat-0002"), List.copyOf(before.keySet()), "in the order given, once each");
        assertEquals(PatternStatus.DISCOVERED, before.get("pat-0000"));
        assertEquals(PatternStatus.IGNORED, before.get("pat-0002"));
        assertEquals(Map.of("discovered", 0L, "approved", 3L, "ignored", 0L), db.status().sections().get("patterns").get("by_status"));
    }

    @Test
    void badRowsNameTheRowAndFieldAndTheBatchIsRejectedWhole() {
        seed(3);
        RowRejectedException e = assertThrows(RowRejectedException.class,
                () -> p("x", Category.API, PatternStatus.APPROVED, Double.NaN, "n", "d"));
        assertEquals("confidence", e.field());
        assertEquals("id", assertThrows(RowRejectedException.class, () -> p("", Category.API, PatternStatus.APPROVED, 0.5, "n", "d")).field());
        DatasetImporter<?> importer = db.importers().stream().filter(i -> i.fileName().equals("patterns.ndjson")).findFirst().orElseThrow();
        RowRejectedException cat = assertThrows(RowRejectedException.class, () -> importer.parser().parse(Fields.of(Map.of("id", "a",
                "name", "n", "category", "nonsense", "status", "approved", "confidence", 0.5, "severity", "info"))));
        assertEquals("category", cat.field());
        assertTrue(cat.getMessage().contains("unknown category 'nonsense'"), cat.getMessage());
        RowRejectedException conf = assertThrows(RowRejectedException.class, () -> importer.parser().parse(Fields.of(Map.of("id", "a",
                "name", "n", "category", "api", "status", "approved", "confidence", 1.7, "severity", "info"))));
        assertEquals("confidence", conf.field());

        store.insertLocations(List.of(loc("pat-0001", "src/c.ts", 1, false), loc("pat-9999", "src/c.ts", 2, false)));
        BatchFailedException f = assertThrows(BatchFailedException.class, db.batch()::flushAndWait);
        assertEquals(1, f.rowIndex());
        assertTrue(f.getMessage().contains("field 'pattern_id'") && f.getMessage().contains("pat-9999"), f.getMessage());
        assertEquals(List.of(), store.files("pat-0001"), "the whole batch was rejected");
        assertEquals(List.of("src/a.ts", "src/b.ts"), store.files("pat-0000"), "what was committed before stays");
        store.insertLocations(List.of(loc("pat-0001", "src/c.ts", 1, false)));
        db.batch().flushAndWait();
        assertEquals(List.of("src/c.ts"), store.files("pat-0001"));
    }

    @Test
    void clearEmptiesTheDomainAndItsCounters() {
        seed(50);
        store.clear();
        assertTrue(store.queryPatterns(PatternQuery.builder().build()).patterns().isEmpty());
        assertTrue(store.searchPatterns("auth", PatternQuery.builder().build()).isEmpty());
        assertEquals(0L, db.status().sections().get("patterns").get("patterns"));
        seed(10);
        assertEquals(10L, db.status().sections().get("patterns").get("patterns"));
    }

    @Test
    void namedQueriesTakeStringArguments() {
        seed(100);
        List<Map<String, Object>> rows = db.query("patterns", "list", Map.of("category", "api", "limit", "3"));
        assertEquals(3, rows.size());
        rows.forEach(r -> assertEquals("api", r.get("category")));
        assertEquals(10, db.query("patterns", "search", Map.of("text", "auth token")).size());
        assertEquals(1, db.query("patterns", "show", Map.of("id", "pat-0000")).size());
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class,
                () -> db.query("patterns", "list", Map.of("min_confidence", "lots"))).code());
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class,
                () -> db.query("patterns", "list", Map.of("status", "maybe"))).code());
    }

    @Test
    void rowsOfOneIdEndAsIfWrittenOneAfterTheOtherHoweverTheyAreBatched() {
        PatternRow first = new PatternRow("pat-x", "first", Category.API, PatternStatus.APPROVED, 0.5, Severity.INFO, "one",
                "api/d", "2025-03-01T00:00:00Z", "2025-04-01T00:00:00Z");
        PatternRow second = new PatternRow("pat-x", "second", Category.AUTH, PatternStatus.DISCOVERED, 0.9, Severity.ERROR, "two",
                "auth/d", "2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z");
        // one batch, two batches of one flush, two flushes: the same pattern every time
        store.insertPatterns(List.of(first, second));
        db.batch().flushAndWait();
        Pattern oneBatch = store.getPattern("pat-x").orElseThrow().pattern();
        store.clear();
        store.insertPatterns(List.of(first));
        store.insertPatterns(List.of(second));
        db.batch().flushAndWait();
        Pattern twoBatches = store.getPattern("pat-x").orElseThrow().pattern();
        store.clear();
        store.insertPatterns(List.of(first));
        db.batch().flushAndWait();
        store.insertPatterns(List.of(second));
        db.batch().flushAndWait();
        Pattern twoFlushes = store.getPattern("pat-x").orElseThrow().pattern();
        for (Pattern pt : List.of(oneBatch, twoBatches, twoFlushes)) {
            assertEquals(PatternStatus.DISCOVERED, pt.row().status(), "no person decided: the latest row's status");
            assertEquals("second", pt.row().name());
            assertEquals(Category.AUTH, pt.row().category());
            assertEquals("2025-01-01T00:00:00Z", pt.row().firstSeen());
            assertEquals("2025-02-01T00:00:00Z", pt.row().lastSeen(), "the latest row's values, as a rescan reports them");
        }
        assertEquals(Map.of("auth", 1L), db.status().sections().get("patterns").get("by_category"));
        assertEquals(1, store.searchPatterns("two", PatternQuery.builder().build()).size());
        assertTrue(store.searchPatterns("one", PatternQuery.builder().build()).isEmpty());
    }

    @Test
    void locationsFindPatternsWrittenByAnEarlierProcessButNotClearedOnes() {
        seed(5);
        db = fixture.reopen();
        store = PatternStore.of(db);
        store.insertLocations(List.of(loc("pat-0004", "src/z.ts", 1, false), loc("pat-0001", "src/z.ts", 2, true),
                loc("pat-0004", "src/y.ts", 3, false)));
        db.batch().flushAndWait();
        assertEquals(List.of("src/y.ts", "src/z.ts"), store.files("pat-0004"));
        assertEquals(1, store.getPattern("pat-0001").orElseThrow().outliers().size());
        assertEquals(List.of("pat-0001", "pat-0004"), store.queryPatterns(PatternQuery.builder().file("src/z.ts").build()).patterns()
                .stream().map(Pattern::id).sorted().toList());
        store.clear();
        store.insertLocations(List.of(loc("pat-0004", "src/z.ts", 1, false)));
        BatchFailedException f = assertThrows(BatchFailedException.class, db.batch()::flushAndWait);
        assertTrue(f.getMessage().contains("no pattern 'pat-0004'"), f.getMessage());
    }

    @Test
    void aVersion1DatabaseIsMigratedWithItsLocations() {
        db.close();
        Path old = dir.resolve("v1.db");
        try (DatabaseManager v1 = DatabaseManager.open(DatabaseConfig.defaults(old), List.of(new VersionOne()))) {
            v1.write(w -> {
                w.script("INSERT INTO patterns_pattern(pk, id, name, category, status, confidence, severity) VALUES "
                        + "(7, 'pat-a', 'a', 'api', 'approved', 0.9, 'info'), (9, 'pat-b', 'b', 'auth', 'discovered', 0.4, 'hint');"
                        + "INSERT INTO patterns_location(pattern_id, file, line, is_outlier, reason) VALUES "
                        + "('pat-a', 'x.ts', 1, 0, NULL), ('pat-b', 'x.ts', 2, 1, 'odd'), ('pat-a', 'y.ts', 3, 0, NULL);");
                return null;
            });
        }
        db = DatabaseManager.open(DatabaseConfig.defaults(old), List.of(new PatternsDomain()));
        store = PatternStore.of(db);
        assertEquals(3, db.domains().get(0).schemaVersion());
        PatternDetail a = store.getPattern("pat-a").orElseThrow();
        assertEquals(List.of("x.ts", "y.ts"), a.files());
        assertEquals(2, a.locations().size());
        assertEquals("odd", store.getPattern("pat-b").orElseThrow().outliers().get(0).reason());
        assertEquals(List.of("pat-a", "pat-b"), store.queryPatterns(PatternQuery.builder().file("x.ts").build()).patterns().stream()
                .map(Pattern::id).sorted().toList());
        store.insertLocations(List.of(loc("pat-b", "z.ts", 4, false)));
        db.batch().flushAndWait();
        assertEquals(List.of("x.ts", "z.ts"), store.files("pat-b"));
        db.close();
    }

    /** The patterns domain as it was at schema version 1. */
    private static final class VersionOne implements drift.storage.api.spi.StorageDomain {
        @Override
        public String id() {
            return "patterns";
        }

        @Override
        public void contribute(drift.storage.api.spi.DomainRegistrar r) {
            r.migration(drift.storage.api.spi.Migration.load(PatternsDomain.class::getResourceAsStream, 1,
                    "patterns, locations, full-text index", "sqlite/V1__patterns.sql"));
        }
    }

    @Test
    void afterConcurrentWritesAndSearchesTheFullTextIndexIsSoundAndEveryReaderAnswersAlike() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.Random rnd = new java.util.Random(5);
            for (int round = 0; round < 30; round++) {
                List<PatternRow> rows = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    int id = rnd.nextInt(2000);
                    rows.add(p("pat-" + id, Category.API, PatternStatus.DISCOVERED, rnd.nextDouble(), "auth " + round, "token retry " + id));
                }
                store.insertPatterns(rows);
                List<java.util.concurrent.Future<?>> searches = new ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    searches.add(pool.submit(() -> store.searchPatterns("auth token", PatternQuery.builder().limit(50).build())));
                }
                db.batch().flush();
                for (var f : searches) {
                    f.get();
                }
            }
            db.batch().flushAndWait();
        } finally {
            pool.shutdown();
        }
        // the file is sound, checked on a connection of its own (SQLite's check covers the full-text index)
        assertTrue(db.check().ok(), db.check().toString());
        // and every pooled reader answers as a reader that never saw the writes happen
        List<String> truth;
        try (DatabaseManager fresh = DatabaseManager.open(DatabaseConfig.builder(fixture.path()).readOnly(true).createIfMissing(false)
                .build(), List.of(new PatternsDomain()))) {
            truth = PatternStore.of(fresh).searchPatterns("auth token", PatternQuery.builder().limit(10_000).build()).stream()
                    .map(Pattern::id).toList();
        }
        for (int k = 0; k < 16; k++) {
            assertEquals(truth, store.searchPatterns("auth token", PatternQuery.builder().limit(10_000).build()).stream().map(Pattern::id).toList());
        }
    }
}
