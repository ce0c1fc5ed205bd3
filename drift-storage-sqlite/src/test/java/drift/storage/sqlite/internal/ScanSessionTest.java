package drift.storage.sqlite.internal;

import drift.storage.api.BatchFailedException;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.FileChange;
import drift.storage.api.ScanInfo;
import drift.storage.api.ScanMode;
import drift.storage.api.ScanOutcome;
import drift.storage.api.ScanRequest;
import drift.storage.api.ScanSession;
import drift.storage.api.SourceFile;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.sqlite.internal.FilesDomain.Item;
import drift.storage.sqlite.internal.FilesDomain.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scans as units of work: atomic, keyed by file, incremental by hash, recorded with their outcome. */
class ScanSessionTest {
    @TempDir
    Path dir;

    private DatabaseManager open() {
        return DatabaseManager.open(DatabaseConfig.defaults(dir.resolve("drift.db")), List.of(new FilesDomain(), new NotesDomain()));
    }

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    private static List<Item> items(String file, String... names) {
        return java.util.Arrays.stream(names).map(n -> new Item(file, n, List.of(n + "-tag1", n + "-tag2"))).toList();
    }

    /** Every item as file/name:tags, sorted: the content of the domain, whatever the keys. */
    private static List<String> content(DatabaseManager m) {
        return m.read(r -> r.list("SELECT i.file || '/' || i.name || ':' || (SELECT group_concat(tag, ',') FROM "
                + "(SELECT tag FROM files_tag t WHERE t.item_pk = i.pk ORDER BY tag)) FROM files_item i ORDER BY 1", row -> row.getString(1)));
    }

    private static long count(DatabaseManager m, String sql) {
        return m.read(r -> r.queryLong(sql));
    }

    private static ScanInfo scan(DatabaseManager m, ScanRequest request, Map<String, List<Item>> files) {
        try (ScanSession s = m.beginScan(request)) {
            files.forEach((file, rows) -> {
                if (s.file(file).mustWrite()) {
                    s.add(FilesDomain.ITEM, rows);
                }
            });
            return s.commit();
        }
    }

    @Test
    void aScanIsInvisibleUntilItCommitsAndThenVisibleWhole() throws Exception {
        try (DatabaseManager m = open()) {
            scan(m, ScanRequest.merge("/r"), Map.of("a.ts", items("a.ts", "x", "y")));
            try (ScanSession s = m.beginScan(ScanRequest.replace("/r"))) {
                s.file("b.ts");
                s.add(FilesDomain.ITEM, items("b.ts", "p", "q", "r"));
                s.flush();
                // written, not committed: every reader still sees the old scan whole
                assertEquals(List.of("a.ts/x:x-tag1,x-tag2", "a.ts/y:y-tag1,y-tag2"), content(m));
                assertEquals(2L, m.status().sections().get("files").get("items"));
                ScanInfo info = s.commit();
                assertEquals(ScanMode.REPLACE, info.mode());
                assertEquals(Map.of("files/item", 3L), info.rows());
            }
            assertEquals(3, content(m).size());
            assertEquals(3L, m.status().sections().get("files").get("items"));
            assertEquals(6L, count(m, "SELECT count(*) FROM files_tag"));
        }
    }

    @Test
    void anAbandonedScanLeavesNothingAndIsNeverTheLastScan() {
        try (DatabaseManager m = open()) {
            ScanInfo first = scan(m, ScanRequest.merge("/r"), Map.of("a.ts", items("a.ts", "x")));
            try (ScanSession s = m.beginScan(ScanRequest.replace("/r"))) {
                s.file("a.ts");
                s.add(FilesDomain.ITEM, items("a.ts", "other"));
                s.flush();
            } // closed without commit
            assertEquals(List.of("a.ts/x:x-tag1,x-tag2"), content(m));
            assertEquals(first.id(), m.lastScan().orElseThrow().id());
            List<ScanInfo> history = m.scans(10);
            assertEquals(ScanOutcome.ABANDONED, history.get(0).outcome());
            assertEquals(Map.of("files/item", 1L), history.get(0).rows(), "what it had written before it was abandoned");
            assertEquals(ScanOutcome.COMMITTED, history.get(1).outcome());
        }
    }

    @Test
    void aMergeReplacesTheFilesItDeclaresAndIsIdempotent() {
        try (DatabaseManager m = open()) {
            Map<String, List<Item>> data = new java.util.LinkedHashMap<>();
            data.put("a.ts", items("a.ts", "x", "y"));
            data.put("b.ts", items("b.ts", "z"));
            scan(m, ScanRequest.merge("/r"), data);
            List<String> once = content(m);
            scan(m, ScanRequest.merge("/r"), data);
            assertEquals(once, content(m), "the same merge twice gives the same store");
            assertEquals(3L, m.status().sections().get("files").get("items"), "counters follow the removals");
            // a merge of one file leaves the others alone
            scan(m, ScanRequest.merge("/r"), Map.of("a.ts", items("a.ts", "w")));
            assertEquals(List.of("a.ts/w:w-tag1,w-tag2", "b.ts/z:z-tag1,z-tag2"), content(m));
            assertEquals(2L, count(m, "SELECT value FROM files_counts"));
            try (ScanSession s = m.beginScan(ScanRequest.merge("/r"))) {
                s.removeFile("b.ts");
                assertEquals(1, s.commit().files().removed());
            }
            assertEquals(List.of("a.ts/w:w-tag1,w-tag2"), content(m));
            assertEquals(0L, count(m, "SELECT count(*) FROM files_tag WHERE item_pk NOT IN (SELECT pk FROM files_item)"), "no orphans");
        }
    }

    @Test
    void aSnapshotKeepsUnchangedFilesUntouchedAndRemovesVanishedOnes() {
        try (DatabaseManager m = open()) {
            try (ScanSession s = m.beginScan(ScanRequest.snapshot("/r"))) {
                assertEquals(FileChange.ADDED, s.file(new SourceFile("a.ts", A, 10, "ts")));
                s.add(FilesDomain.ITEM, items("a.ts", "x"));
                assertEquals(FileChange.ADDED, s.file(new SourceFile("b.ts", A, 10, "ts")));
                s.add(FilesDomain.ITEM, items("b.ts", "y"));
                assertEquals(FileChange.ADDED, s.file(new SourceFile("c.ts", A, 10, "ts")));
                s.add(FilesDomain.ITEM, items("c.ts", "z"));
                s.add(FilesDomain.LABEL, List.of(new Label("l1", "one"), new Label("l2", "two")));
                ScanInfo info = s.commit();
                assertEquals(3, info.files().added());
                assertTrue(info.attributes().get("after_scan.files").endsWith("(fresh)"), info.attributes().toString());
            }
            long pkOfA = count(m, "SELECT pk FROM files_item WHERE file = 'a.ts'");
            try (ScanSession s = m.beginScan(ScanRequest.snapshot("/r"))) {
                assertEquals(FileChange.UNCHANGED, s.file(new SourceFile("a.ts", A, 10, "ts")));
                assertEquals(FileChange.CHANGED, s.file(new SourceFile("b.ts", B, 11, "ts")));
                s.add(FilesDomain.ITEM, items("b.ts", "y2"));
                assertEquals(FileChange.ADDED, s.file(new SourceFile("d.ts", A, 10, "ts")));
                s.add(FilesDomain.ITEM, items("d.ts", "v"));
                s.add(FilesDomain.LABEL, List.of(new Label("l2", "two again")));
                ScanInfo info = s.commit();
                assertEquals(new drift.storage.api.ScanFiles(1, 1, 1, 1), info.files(), "c.ts vanished");
                assertFalse(info.attributes().get("after_scan.files").endsWith("(fresh)"));
            }
            assertEquals(List.of("a.ts/x:x-tag1,x-tag2", "b.ts/y2:y2-tag1,y2-tag2", "d.ts/v:v-tag1,v-tag2"), content(m));
            assertEquals(pkOfA, count(m, "SELECT pk FROM files_item WHERE file = 'a.ts'"), "the unchanged file's rows were not rewritten");
            assertEquals(List.of("l2"), m.read(r -> r.list("SELECT id FROM files_label", row -> row.getString(1))),
                    "a snapshot removes the scan-scoped rows it did not write");
            assertEquals(List.of("a.ts", "b.ts", "d.ts"), m.read(r -> r.list("SELECT path FROM drift_file WHERE domain = 'files' "
                    + "ORDER BY path", row -> row.getString(1))));
            assertEquals(3L, m.status().sections().get("files").get("items"));
        }
    }

    @Test
    void aRescanThatRewritesEverythingIsLoadedAsAFirstScanAndEndsAsTheSnapshotItIs() {
        try (DatabaseManager m = open()) {
            try (ScanSession s = m.beginScan(ScanRequest.snapshot("/r"))) {
                for (String f : List.of("a.ts", "b.ts", "c.ts")) {
                    s.file(new SourceFile(f, A, 10, "ts"));
                    s.add(FilesDomain.ITEM, items(f, "x"));
                }
                s.add(FilesDomain.LABEL, List.of(new Label("l1", "one")));
                s.commit();
            }
            List<String> before = content(m);
            try (ScanSession s = m.beginScan(ScanRequest.snapshot("/r"))) {
                assertEquals(FileChange.UNCHANGED, s.file(new SourceFile("a.ts", A, 10, "ts")));
                assertEquals(FileChange.CHANGED, s.file(new SourceFile("b.ts", B, 11, "ts")));
                s.rewriteAll();
                // declared unchanged before: written again now; declared after: never unchanged
                assertEquals(FileChange.CHANGED, s.file(new SourceFile("a.ts", A, 10, "ts")));
                assertEquals(FileChange.ADDED, s.file(new SourceFile("d.ts", A, 10, "ts")));
                assertEquals(A, s.stored("a.ts").orElseThrow().sha256(), "the manifest of the scan's start stays readable");
                // cleared inside the scan: readers still see the old one whole
                assertEquals(before, content(m));
                s.add(FilesDomain.ITEM, items("a.ts", "x"));
                s.add(FilesDomain.ITEM, items("b.ts", "y"));
                s.add(FilesDomain.ITEM, items("d.ts", "z"));
                s.add(FilesDomain.LABEL, List.of(new Label("l2", "two")));
                s.flush();
                assertEquals(before, content(m));
                StorageException late = assertThrows(StorageException.class, s::rewriteAll);
                assertEquals(StorageErrorCode.INVALID_ARGUMENT, late.code());
                ScanInfo info = s.commit();
                assertEquals(new drift.storage.api.ScanFiles(1, 2, 1, 0), info.files(), "c.ts vanished; a.ts written again counts as changed");
                assertTrue(info.attributes().get("after_scan.files").endsWith("(fresh)"), "loaded as a first scan: " + info.attributes());
            }
            assertEquals(List.of("a.ts/x:x-tag1,x-tag2", "b.ts/y:y-tag1,y-tag2", "d.ts/z:z-tag1,z-tag2"), content(m));
            assertEquals(List.of("l2"), m.read(r -> r.list("SELECT id FROM files_label", row -> row.getString(1))));
            assertEquals(List.of("a.ts " + A, "b.ts " + B, "d.ts " + A), m.read(r -> r.list("SELECT path || ' ' || sha256 FROM drift_file "
                    + "WHERE domain = 'files' ORDER BY path", row -> row.getString(1))), "the manifest is the new scan's");
            assertEquals(3L, m.status().sections().get("files").get("items"));
            // and an abandoned one leaves the old scan as it was
            List<String> committed = content(m);
            try (ScanSession s = m.beginScan(ScanRequest.snapshot("/r"))) {
                s.file(new SourceFile("a.ts", B, 10, "ts"));
                s.rewriteAll();
                s.add(FilesDomain.ITEM, items("a.ts", "w"));
                s.abandon();
            }
            assertEquals(committed, content(m));
            assertEquals(3L, count(m, "SELECT count(*) FROM drift_file WHERE domain = 'files'"));
            // a merge keeps what it does not declare: it cannot
            try (ScanSession s = m.beginScan(ScanRequest.merge("/r"))) {
                StorageException merge = assertThrows(StorageException.class, s::rewriteAll);
                assertTrue(merge.getMessage().contains("merge"), merge.getMessage());
            }
        }
    }

    @Test
    void aRejectedBatchIsReportedToTheScanAndTheRestCommits() {
        try (DatabaseManager m = open()) {
            try (ScanSession s = m.beginScan(ScanRequest.merge("/r"))) {
                s.file("a.ts");
                s.add(FilesDomain.ITEM, items("a.ts", "x"));
                long bad = s.add(FilesDomain.ITEM, List.of(new Item("a.ts", "", List.of())));
                BatchFailedException e = assertThrows(BatchFailedException.class, s::flush);
                assertEquals(bad, e.batchId());
                s.add(FilesDomain.ITEM, items("a.ts", "y"));
                s.commit();
            }
            assertEquals(2, content(m).size());
            // a scan that commits with a failure it did not collect fails whole
            try (ScanSession s = m.beginScan(ScanRequest.merge("/r"))) {
                s.file("b.ts");
                s.add(FilesDomain.ITEM, items("b.ts", "x"));
                s.add(FilesDomain.ITEM, List.of(new Item("b.ts", "", List.of())));
                assertThrows(BatchFailedException.class, s::commit);
            }
            assertEquals(2, content(m).size());
            assertEquals(ScanOutcome.FAILED, m.scans(1).get(0).outcome());
            assertTrue(m.scans(1).get(0).attributes().get("error").contains("must not be empty"));
        }
    }

    @Test
    void writesOfOtherThreadsWaitForTheScanAndThoseOfItsThreadBelongToIt() throws Exception {
        try (DatabaseManager m = open()) {
            CompletableFuture<Void> other;
            try (ScanSession s = m.beginScan(ScanRequest.merge("/r"))) {
                s.file("a.ts");
                m.batch().addAll(FilesDomain.ITEM, items("a.ts", "bound")); // this thread's writes are the scan's
                other = CompletableFuture.runAsync(() -> {
                    m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, 3));
                    m.batch().flushAndWait();
                });
                Thread.sleep(300);
                assertFalse(other.isDone(), "another thread's flush waits until the scan ends");
                s.abandon();
            }
            other.get(10, TimeUnit.SECONDS);
            assertEquals(List.of(), content(m), "the bound thread's rows went with the abandoned scan");
            assertEquals(3L, count(m, "SELECT count(*) FROM notes_note"), "the other thread's rows were written after it");
        }
    }

    @Test
    void abandonFromAnotherThreadStopsTheScanPromptly() throws Exception {
        try (DatabaseManager m = open()) {
            try (ScanSession s = m.beginScan(ScanRequest.merge("/r"))) {
                s.file("a.ts");
                CountDownLatch started = new CountDownLatch(1);
                CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> null);
                Thread killer = new Thread(() -> {
                    try {
                        started.await();
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                    s.abandon();
                });
                killer.start();
                long t0 = System.nanoTime();
                StorageException e = assertThrows(StorageException.class, () -> s.write(w -> {
                    started.countDown();
                    // a statement that would run for minutes
                    return w.queryLong("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
                            + "SELECT count(*) FROM c");
                }));
                assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "interrupted, not run to its end");
                assertTrue(s.abandoned());
                assertEquals(StorageErrorCode.CANCELLED, assertThrows(StorageException.class, () -> s.file("b.ts")).code(),
                        e.getMessage());
                killer.join();
                slow.get();
            }
            assertEquals(ScanOutcome.ABANDONED, m.scans(1).get(0).outcome());
            // the store is usable afterwards
            scan(m, ScanRequest.merge("/r"), Map.of("a.ts", items("a.ts", "x")));
            assertEquals(1, content(m).size());
        }
    }

    @Test
    void aFullDiskEndsTheScanAndLeavesTheOldOneWhole() {
        try (DatabaseManager m = open()) {
            scan(m, ScanRequest.merge("/r"), Map.of("a.ts", items("a.ts", "x", "y")));
            long pages = m.read(r -> r.queryLong("PRAGMA page_count"));
            m.write(w -> {
                w.script("PRAGMA max_page_count = " + (pages + 20));
                return null;
            });
            StorageException e;
            try (ScanSession s = m.beginScan(ScanRequest.replace("/r"))) {
                s.file("b.ts");
                e = assertThrows(StorageException.class, () -> {
                    for (int i = 0; i < 200; i++) {
                        s.add(FilesDomain.ITEM, java.util.stream.IntStream.range(0, 500)
                                .mapToObj(k -> new Item("b.ts", "n".repeat(200) + k, List.of("t".repeat(100)))).toList());
                    }
                    s.flush();
                });
            }
            assertEquals(StorageErrorCode.IO, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("full"), e.getMessage());
            assertEquals(List.of("a.ts/x:x-tag1,x-tag2", "a.ts/y:y-tag1,y-tag2"), content(m), "the old scan, whole");
            assertEquals(ScanOutcome.FAILED, m.scans(1).get(0).outcome());
            m.write(w -> {
                w.script("PRAGMA max_page_count = 1073741823");
                return null;
            });
            scan(m, ScanRequest.replace("/r"), Map.of("b.ts", items("b.ts", "z")));
            assertEquals(List.of("b.ts/z:z-tag1,z-tag2"), content(m), "the store is usable afterwards");
        }
    }

    @Test
    void requestsAreChecked() {
        try (DatabaseManager m = open()) {
            assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class,
                    () -> m.beginScan(ScanRequest.merge("/r").withDomains(java.util.Set.of("nope")))).code());
            try (ScanSession s = m.beginScan(ScanRequest.merge("/r"))) {
                assertThrows(StorageException.class, () -> m.beginScan(ScanRequest.merge("/r")), "one scan per thread");
                s.file(new SourceFile("a.ts", A, 1, null));
                assertThrows(StorageException.class, () -> s.file(new SourceFile("a.ts", B, 1, null)), "one hash per file");
                assertThrows(StorageException.class, () -> s.removeFile("a.ts"));
                s.commit();
                assertThrows(StorageException.class, () -> s.file("c.ts"), "a committed scan takes nothing more");
            }
        }
    }
    @Test
    void aKeptScopeWithoutAFileOrParentScopeIsRefusedAtOpenNamingTheDomainAndTable() {
        drift.storage.api.spi.StorageDomain loose = new drift.storage.api.spi.StorageDomain() {
            @Override
            public String id() {
                return "loose";
            }

            @Override
            public void contribute(drift.storage.api.spi.DomainRegistrar r) {
                r.migration(new drift.storage.api.spi.Migration(1, "one table", "CREATE TABLE loose_row (id TEXT, scan_id INTEGER);"));
                r.scope(drift.storage.api.spi.TableScope.kept("loose_row", "scan_id"));
            }
        };
        StorageException e = assertThrows(StorageException.class,
                () -> DatabaseManager.open(DatabaseConfig.defaults(dir.resolve("loose.db")), List.of(loose)).close());
        assertTrue(e.getMessage().contains("domain 'loose'") && e.getMessage().contains("kept scope of loose_row"), e.getMessage());
    }
}
