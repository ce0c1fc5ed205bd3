package drift.it;

import drift.bench.SyntheticDataset;
import drift.dataset.DatasetImport;
import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.ContractStore;
import drift.domain.patterns.PatternStatus;
import drift.domain.patterns.PatternStore;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.ScanInfo;
import drift.storage.api.ScanMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Imports are keyed by file and incremental: the oracle for every sequence of rescans is a full import of
 * the final dataset into an empty store, compared on everything the store answers ({@link StoreDump}).
 * {@code -Ddrift.incremental.rounds=N} sets the rescans of the long test (default 4).
 */
class IncrementalScanTest {
    private static final SyntheticDataset.Scale SCALE = new SyntheticDataset.Scale(600, 6_000, 3_000, 12_000, 600, 60);

    @TempDir
    Path dir;

    private static DatabaseManager open(Path db) {
        return DatabaseManager.open(DatabaseConfig.defaults(db));
    }

    private static ScanInfo load(Path db, Path dataset, boolean replace) {
        try (DatabaseManager m = open(db)) {
            DatasetImport.Summary s = DatasetImport.run(m, dataset, DatasetImport.Options.defaults().replacing(replace)
                    .onError(DatasetImport.OnError.STOP));
            assertTrue(s.problems().isEmpty(), s.problems().toString());
            return s.scan().orElseThrow();
        }
    }

    private Path dataset(String name, SyntheticDataset.Rows rows) {
        Path out = dir.resolve(name);
        SyntheticDataset.write(rows, out);
        return out;
    }

    /** The same dataset without its manifest: every file is written, nothing compared. */
    private Path withoutManifest(Path dataset) throws IOException {
        Path out = dir.resolve(dataset.getFileName() + "-nomanifest");
        Files.createDirectories(out);
        try (var s = Files.list(dataset)) {
            for (Path f : s.toList()) {
                if (!f.getFileName().toString().equals("files.ndjson")) {
                    Files.copy(f, out.resolve(f.getFileName()));
                }
            }
        }
        return out;
    }

    private static void assertSame(Map<String, List<String>> expected, Map<String, List<String>> actual, String what) {
        String diff = StoreDump.difference(expected, actual);
        assertNull(diff, what + ": " + diff);
    }

    private static Map<String, List<String>> withoutManifest(Map<String, List<String>> dump) {
        Map<String, List<String>> d = new java.util.LinkedHashMap<>(dump);
        d.remove("files");
        return d;
    }

    @Test
    void incrementalRescansEqualAFullImportOfTheFinalDataset() throws Exception {
        SyntheticDataset.Rows rows = SyntheticDataset.rows(SCALE, "test", 11);
        Path store = dir.resolve("incremental.db");
        Path before = dataset("v0", rows);
        ScanInfo first = load(store, before, true);
        assertEquals(ScanMode.SNAPSHOT, first.mode());
        // the same rescans from a producer that sends only the changed files' rows (FORMAT.md allows it)
        Path deltaStore = dir.resolve("delta.db");
        load(deltaStore, before, true);
        int rounds = Integer.getInteger("drift.incremental.rounds", 4);
        for (int round = 1; round <= rounds; round++) {
            // a small change most rounds, now and then a large one
            SyntheticDataset.mutate(rows, round % 5 == 0 ? 0.25 : 0.01 + 0.01 * (round % 4), round);
            Path v = dataset("v" + round, rows);
            ScanInfo rescan = load(store, v, true);
            assertTrue(rescan.files().unchanged() > rescan.files().declared() / 2, "round " + round + " reused files: " + rescan.files());
            assertTrue(rescan.files().changed() + rescan.files().added() + rescan.files().removed() > 0, rescan.files().toString());

            Path full = dir.resolve("full-" + round + ".db");
            load(full, v, true);
            Map<String, List<String>> oracle = StoreDump.of(full);
            assertSame(oracle, StoreDump.of(store), "round " + round + ": incremental rescans against a full import");
            Path delta = dir.resolve("d" + round);
            SyntheticDataset.delta(before, v, delta);
            load(deltaStore, delta, true);
            assertSame(oracle, StoreDump.of(deltaStore), "round " + round + ": rescans of the changed files' rows only, against a full import");
            before = v;

            Path fresh = dir.resolve("fresh-" + round + ".db");
            assertEquals(ScanMode.REPLACE, load(fresh, withoutManifest(v), true).mode());
            assertSame(withoutManifest(oracle), withoutManifest(StoreDump.of(fresh)), "round " + round + ": a replace without manifest");
        }
    }

    @Test
    void theSameImportTwiceChangesNothing() throws Exception {
        Path data = dataset("v0", SyntheticDataset.rows(SCALE, "test", 5));
        Path plain = withoutManifest(data);
        for (boolean replace : new boolean[] {false, true}) {
            for (Path d : List.of(data, plain)) {
                Path db = dir.resolve("twice-" + replace + "-" + d.getFileName() + ".db");
                load(db, d, replace);
                Map<String, List<String>> once = StoreDump.of(db);
                ScanInfo again = load(db, d, replace);
                assertSame(once, StoreDump.of(db), (replace ? "replace" : "merge") + " of " + d.getFileName() + " twice");
                if (d == data && replace) {
                    assertEquals(again.files().declared(), again.files().unchanged(), "nothing changed, nothing written");
                    assertEquals(Map.of(), Map.copyOf(again.rows()).entrySet().stream().filter(e -> !e.getKey().startsWith("patterns/")
                            && !e.getKey().startsWith("contracts/")).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                            Map.Entry::getValue)), "only the rows of no file (patterns, contracts) are read again");
                }
            }
        }
    }

    @Test
    void aMergeReplacesTheFilesItHasAndLeavesTheOthers() throws Exception {
        SyntheticDataset.Rows rows = SyntheticDataset.rows(SCALE, "test", 7);
        Path db = dir.resolve("merge.db");
        load(db, withoutManifest(dataset("v0", rows)), false);
        Map<String, List<String>> before = StoreDump.of(db);
        SyntheticDataset.mutate(rows, 0.05, 3);
        Path full = withoutManifest(dataset("v1", rows));
        Path fresh = dir.resolve("merge-oracle.db");
        load(fresh, full, true);
        load(db, full, false);
        // merging the whole new dataset equals it, except for what vanished from it (a merge keeps what it does not mention)
        Map<String, List<String>> merged = StoreDump.of(db);
        Map<String, List<String>> oracle = StoreDump.of(fresh);
        assertTrue(merged.get("functions").containsAll(oracle.get("functions")), "every function of the dataset is there");
        assertTrue(merged.get("functions").size() >= oracle.get("functions").size());
        assertTrue(before.get("functions").stream().anyMatch(f -> !oracle.get("functions").contains(f) && merged.get("functions").contains(f)),
                "functions of files the merge did not mention stay");
    }

    @Test
    void reviewDecisionsSurviveRescansAndComeBackWithTheirPattern() throws Exception {
        SyntheticDataset.Rows rows = SyntheticDataset.rows(SCALE, "test", 9);
        Path db = dir.resolve("decisions.db");
        load(db, dataset("v0", rows), true);
        String contract;
        try (DatabaseManager m = open(db)) {
            PatternStore p = PatternStore.of(m);
            forceStatus(p, "pat-0000001", PatternStatus.APPROVED);
            forceStatus(p, "pat-0000002", PatternStatus.IGNORED);
            ContractStore c = ContractStore.of(m);
            contract = m.executeRaw("SELECT id FROM contracts_contract WHERE status = 'discovered' ORDER BY id LIMIT 1")
                    .rows().get(0).get(0).toString();
            c.updateContractStatus(contract, ContractStatus.VERIFIED);
        }
        // a replace and an incremental rescan keep them
        load(db, withoutManifest(dataset("v0b", rows)), true);
        SyntheticDataset.mutate(rows, 0.03, 1);
        load(db, dataset("v1", rows), true);
        assertDecisions(db, contract, true);
        // the pattern vanishes from a scan, then comes back: its decision with it
        List<Map<String, Object>> patterns = rowsOf(rows, "patterns.ndjson");
        Map<String, Object> gone = patterns.stream().filter(x -> x.get("id").equals("pat-0000001")).findFirst().orElseThrow();
        patterns.remove(gone);
        rowsOf(rows, "locations.ndjson").removeIf(l -> l.get("pattern_id").equals("pat-0000001"));
        load(db, dataset("v2", rows), true);
        try (DatabaseManager m = open(db)) {
            assertTrue(PatternStore.of(m).getPattern("pat-0000001").isEmpty(), "a snapshot removes the pattern it no longer has");
        }
        patterns.add(gone);
        load(db, dataset("v3", rows), true);
        assertDecisions(db, contract, true);
    }

    private static void forceStatus(PatternStore p, String id, PatternStatus to) {
        if (p.getPattern(id).orElseThrow().pattern().row().status() == to) {
            p.updatePatternStatus(id, PatternStatus.IGNORED == to ? PatternStatus.APPROVED : PatternStatus.IGNORED);
        }
        p.updatePatternStatus(id, to);
    }

    private static void assertDecisions(Path db, String contract, boolean kept) {
        try (DatabaseManager m = open(db)) {
            PatternStore p = PatternStore.of(m);
            assertEquals(PatternStatus.APPROVED, p.getPattern("pat-0000001").orElseThrow().pattern().row().status());
            assertTrue(p.getPattern("pat-0000001").orElseThrow().pattern().statusChangedAt() != null);
            assertEquals(PatternStatus.IGNORED, p.getPattern("pat-0000002").orElseThrow().pattern().row().status());
            assertEquals(kept ? ContractStatus.VERIFIED : ContractStatus.DISCOVERED,
                    ContractStore.of(m).getContract(contract).orElseThrow().row().status());
        }
    }

    private static List<Map<String, Object>> rowsOf(SyntheticDataset.Rows rows, String file) {
        return rows.of(file);
    }
}
