package drift.storage.jdbc;

import drift.storage.api.BulkInsert;
import drift.storage.api.FileChange;
import drift.storage.api.ScanFiles;
import drift.storage.api.ScanInfo;
import drift.storage.api.ScanMode;
import drift.storage.api.ScanOutcome;
import drift.storage.api.SourceFile;
import drift.storage.api.SqlReader;
import drift.storage.api.SqlWriter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the writer does for a scan inside its transaction, besides writing its rows: at the begin, empty
 * a replaced domain, put off the indexes of fresh tables and read the stored manifest; on the way, remove
 * the rows of declared files; at the end, remove what a snapshot no longer has, build the indexes, run the
 * domains' end-of-scan steps, and record the scan with the files it declared.
 */
final class ScanWork {
    private final Map<String, DomainContribution> domains = new LinkedHashMap<>();
    private final TableScopes scopes;

    ScanWork(List<DomainContribution> domains, TableScopes scopes) {
        domains.forEach(d -> this.domains.put(d.id, d));
        this.scopes = scopes;
    }

    TableScopes scopes() {
        return scopes;
    }

    void begin(JdbcWriter w, ScanState s) {
        s.id = w.queryLong("SELECT coalesce(max(id), 0) + 1 FROM drift_scan");
        for (String id : s.domains) {
            DomainContribution d = domains.get(id);
            if (s.request.mode() == ScanMode.REPLACE) {
                clear(w, id);
            }
            if (scopes.scoped(id) && (s.request.mode() == ScanMode.REPLACE && d.clearer != null || scopes.empty(w, id))) {
                loadFresh(w, s, id);
            }
        }
        if (s.request.mode() != ScanMode.REPLACE) {
            // per path: its hash when every covered domain holds the file at that one hash, else "mixed"
            w.forEach("SELECT path, CASE WHEN count(*) = ? AND count(sha256) = count(*) AND min(sha256) = max(sha256) "
                    + "THEN min(sha256) ELSE '' END, max(size), max(language), CASE WHEN count(interface_sha256) = count(*) "
                    + "AND min(interface_sha256) = max(interface_sha256) THEN min(interface_sha256) END "
                    + "FROM drift_file WHERE domain IN " + w.dialect().jsonTexts() + " GROUP BY path",
                    row -> {
                        String path = row.getString(1);
                        String sha = row.getString(2);
                        s.manifest.put(path, sha);
                        if (!sha.isEmpty()) {
                            s.storedFiles.put(path, new SourceFile(path, sha, row.getLong(3), row.getString(4), row.getString(5)));
                        }
                        return true;
                    }, s.domains.size(), drift.storage.api.JsonArray.of(s.domains));
        }
    }

    /** The domain's own clear, if it has one (then its tables hold nothing of any scan), and its manifest. */
    private void clear(JdbcWriter w, String id) {
        DomainContribution d = domains.get(id);
        if (d.clearer != null) {
            w.forEachLocal(state -> {
                if (state instanceof drift.storage.api.KeyCache k && scopes.tables(id).contains(k.table())) {
                    k.clear();
                }
            });
            d.clearer.accept(w);
        }
        w.update("DELETE FROM drift_file WHERE domain = ?", id);
    }

    /** The scan writes the domain as a first load: its droppable indexes go now and are built again before the commit. */
    private void loadFresh(JdbcWriter w, ScanState s, String id) {
        s.freshDomains.add(id);
        for (String table : scopes.tables(id)) {
            for (DeferredIndexes.Index i : DeferredIndexes.droppableNow(w.platform, w, table)) {
                DeferredIndexes.drop(w, i);
                s.deferredIndexes.add(i.sql());
            }
        }
    }

    /**
     * A scan that writes every file again ({@link drift.storage.api.ScanSession#rewriteAll}): the covered domains
     * that can be cleared are, and are then written as a first load; the others keep their file-by-file removal.
     */
    void clearAll(JdbcWriter w, ScanState s) {
        for (String id : s.domains) {
            if (!s.freshDomains.contains(id) && domains.get(id).clearer != null && scopes.scoped(id)) {
                clear(w, id);
                loadFresh(w, s, id);
            }
        }
    }

    /**
     * Removes the rows of {@code paths} in every covered domain that is not fresh, before the rows the scan writes
     * for them; in the domains that keep rows a scan writes again, only what no kept row decides (the rest goes at
     * the end, {@link #removeUnkept}).
     */
    long removeFiles(JdbcWriter w, ScanState s, List<String> paths) {
        s.replacing.addAll(paths);
        s.unswept.addAll(paths);
        List<String> replaced = s.replacedDomains();
        if (paths.isEmpty() || replaced.isEmpty()) {
            return 0;
        }
        scopes.stage(w, paths);
        List<String> plain = replaced.stream().filter(d -> !scopes.keeps(d)).toList();
        List<String> keeping = replaced.stream().filter(scopes::keeps).toList();
        return scopes.remove(w, plain, TableScopes.Target.FILES) + scopes.remove(w, keeping, TableScopes.Target.FILES_BEFORE_ROWS);
    }

    /**
     * In the domains that keep rows a scan writes again, removes the rows of the files the scan replaces (declared
     * changed or added, removed, or vanished from a snapshot) that it did not write again, and what goes with them:
     * at the end of the scan, and before a task of the scan runs (which then sees those files as the scan wrote
     * them so far; a row the scan sends for them later is new).
     */
    void removeUnkept(JdbcWriter w, ScanState s) {
        if (s.unswept.isEmpty()) {
            return;
        }
        List<String> keeping = s.replacedDomains().stream().filter(scopes::keeps).toList();
        List<String> paths = new ArrayList<>(s.unswept);
        s.unswept.clear();
        if (!keeping.isEmpty()) {
            paths.sort(null);
            scopes.stage(w, paths);
            scopes.remove(w, keeping, TableScopes.Target.filesNotKeptBy(s.id));
        }
    }

    ScanInfo finish(JdbcWriter w, ScanState s) {
        List<String> replaced = s.replacedDomains();
        List<String> vanished = new ArrayList<>();
        if (s.request.mode() == ScanMode.SNAPSHOT) {
            for (String path : s.manifest.keySet()) {
                if (!s.declared.containsKey(path) && !s.removed.contains(path)) {
                    vanished.add(path);
                }
            }
            vanished.sort(null);
            removeFiles(w, s, vanished);
        }
        removeUnkept(w, s);
        if (s.request.mode() == ScanMode.SNAPSHOT) {
            List<String> byScan = replaced.stream().filter(scopes::hasScanScope).toList();
            if (!byScan.isEmpty()) {
                scopes.remove(w, byScan, TableScopes.Target.notWrittenBy(s.id));
            }
        }
        s.vanished = vanished.size();
        // the end-of-scan steps first: those that rewrite much of a fresh table (every call resolved) do it
        // before its indexes exist, which are then built once
        Map<String, String> attributes = new LinkedHashMap<>(s.request.attributes());
        attributes.putAll(new java.util.TreeMap<>(s.attributes));
        for (String id : s.domains) {
            for (Function<SqlWriter, String> step : domains.get(id).afterImport) {
                String summary = step.apply(w);
                attributes.merge("after_scan." + id, summary, (a, b) -> a + "; " + b);
            }
        }
        for (String sql : s.deferredIndexes) {
            w.script(sql);
        }
        // the manifest: what each covered domain now holds of each file
        List<ScanState.Declared> written = s.declared.values().stream().filter(d -> d.change() != FileChange.UNCHANGED).toList();
        List<String> gone = new ArrayList<>(vanished);
        gone.addAll(s.removed);
        String covered = drift.storage.api.JsonArray.of(s.domains);
        if (!gone.isEmpty()) {
            w.update("DELETE FROM drift_file WHERE path IN " + w.dialect().jsonTexts() + " AND domain IN " + w.dialect().jsonTexts(),
                    drift.storage.api.JsonArray.of(gone), covered);
        }
        for (String domain : s.domains) {
            if (!written.isEmpty()) {
                w.insertAll(BulkInsert.into("drift_file", "path", "domain", "sha256", "size", "language", "scan_id", "interface_sha256")
                        .suffix("ON CONFLICT (path, domain) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, "
                                + "language = excluded.language, scan_id = excluded.scan_id, interface_sha256 = excluded.interface_sha256"), written, (d, v) -> v.text(d.file().path()).text(domain).text(d.file().sha256())
                        .integer(d.file().size()).text(d.file().language()).integer(s.id).text(d.file().interfaceSha256()));
            }
        }
        return insert(w, s, ScanOutcome.COMMITTED, attributes);
    }

    /** Records a scan that did not commit, in a transaction of its own (after the rollback). */
    void record(JdbcWriter w, ScanState s, ScanOutcome outcome, String error) {
        if (s.id == 0) {
            return; // it never began
        }
        Map<String, String> attributes = new LinkedHashMap<>(s.request.attributes());
        attributes.putAll(new java.util.TreeMap<>(s.attributes));
        if (error != null) {
            attributes.put("error", error);
        }
        insert(w, s, outcome, attributes);
    }

    private ScanInfo insert(SqlWriter w, ScanState s, ScanOutcome outcome, Map<String, String> attributes) {
        long added = 0;
        long changed = 0;
        long unchanged = 0;
        for (ScanState.Declared d : s.declared.values()) {
            switch (d.change()) {
                case ADDED -> added++;
                case CHANGED -> changed++;
                case UNCHANGED -> unchanged++;
            }
        }
        ScanFiles files = new ScanFiles(added, changed, s.removed.size() + s.vanished, unchanged);
        Instant ended = Instant.now();
        w.update("INSERT INTO drift_scan(id, root, revision, mode, started_at, ended_at, outcome, files_added, files_changed, "
                        + "files_removed, files_unchanged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s.id, s.request.root(),
                s.request.revision(), wire(s.request.mode()), s.startedAt.toString(), ended.toString(), wire(outcome), files.added(),
                files.changed(), files.removed(), files.unchanged());
        if (!s.rows.isEmpty()) {
            w.insertAll(BulkInsert.into("drift_scan_rows", "scan_id", "row_type", "rows"), List.copyOf(s.rows.entrySet()),
                    (e, v) -> v.integer(s.id).text(e.getKey()).integer(e.getValue()));
        }
        if (!attributes.isEmpty()) {
            w.insertAll(BulkInsert.into("drift_scan_attribute", "scan_id", "key", "value"), List.copyOf(attributes.entrySet()),
                    (e, v) -> v.integer(s.id).text(e.getKey()).text(e.getValue()));
        }
        return new ScanInfo(s.id, s.request.root(), s.request.revision(), s.request.mode(), s.startedAt, ended, outcome, files,
                s.rows, attributes);
    }

    static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static final String SCAN_COLUMNS = "SELECT id, root, revision, mode, started_at, ended_at, outcome, files_added, "
            + "files_changed, files_removed, files_unchanged FROM drift_scan ";

    /** The newest committed scan. */
    static Optional<ScanInfo> lastCommitted(SqlReader r) {
        List<ScanInfo> found = read(r, SCAN_COLUMNS + "WHERE outcome = 'committed' ORDER BY id DESC LIMIT 1");
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The newest {@code limit} scans. */
    static List<ScanInfo> history(SqlReader r, int limit) {
        return read(r, SCAN_COLUMNS + "ORDER BY id DESC LIMIT " + Math.max(0, limit));
    }

    private static List<ScanInfo> read(SqlReader r, String sql) {
        List<ScanInfo> scans = r.list(sql, row -> new ScanInfo(row.getLong(1), row.getString(2), row.getString(3),
                ScanMode.valueOf(row.getString(4).toUpperCase(Locale.ROOT)), Instant.parse(row.getString(5)),
                Instant.parse(row.getString(6)), ScanOutcome.valueOf(row.getString(7).toUpperCase(Locale.ROOT)),
                new ScanFiles(row.getLong(8), row.getLong(9), row.getLong(10), row.getLong(11)), Map.of(), Map.of()));
        if (scans.isEmpty()) {
            return scans;
        }
        String ids = drift.storage.api.JsonArray.of(scans.stream().map(ScanInfo::id).toList());
        Map<Long, Map<String, Long>> rows = new HashMap<>();
        r.forEach("SELECT scan_id, row_type, rows FROM drift_scan_rows WHERE scan_id IN " + r.dialect().jsonIntegers(), row -> {
            rows.computeIfAbsent(row.getLong(1), k -> new HashMap<>()).put(row.getString(2), row.getLong(3));
            return true;
        }, ids);
        Map<Long, Map<String, String>> attributes = new HashMap<>();
        r.forEach("SELECT scan_id, key, value FROM drift_scan_attribute WHERE scan_id IN " + r.dialect().jsonIntegers(), row -> {
            attributes.computeIfAbsent(row.getLong(1), k -> new HashMap<>()).put(row.getString(2), row.getString(3));
            return true;
        }, ids);
        return scans.stream().map(s -> new ScanInfo(s.id(), s.root(), s.revision(), s.mode(), s.startedAt(), s.endedAt(), s.outcome(),
                s.files(), rows.getOrDefault(s.id(), Map.of()), attributes.getOrDefault(s.id(), Map.of()))).toList();
    }
}
