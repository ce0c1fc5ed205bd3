package drift.cli.command;

import drift.storage.api.DatabaseManager;
import drift.storage.api.ScanInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code drift scans}: the scan history, newest first. */
@Command(name = "scans", mixinStandardHelpOptions = true,
        description = {"The scan history, newest first.",
                "Every import and scan with how it ended (committed, failed, abandoned), its root and revision, its files",
                "added/changed/removed/unchanged and rows per domain."})
final class ScansCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Mixin
    OutputOptions output;

    @Option(names = "--limit", defaultValue = "20", description = "scans to show (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        List<ScanInfo> scans;
        try (DatabaseManager m = db.openRead()) {
            scans = m.scans(limit);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ScanInfo s : scans) {
            Map<String, Object> m = output.json ? scan(s) : new LinkedHashMap<>();
            if (!output.json) {
                m.put("id", s.id());
                m.put("outcome", wire(s.outcome()));
                m.put("mode", wire(s.mode()));
                m.put("started_at", s.startedAt().toString());
                m.put("ms", s.duration().toMillis());
                m.put("files +/~/-/=", s.files().added() + "/" + s.files().changed() + "/" + s.files().removed() + "/" + s.files().unchanged());
                m.put("rows", s.totalRows());
                m.put("revision", s.revision() == null ? "" : s.revision().substring(0, Math.min(12, s.revision().length())));
                m.put("root", s.root());
            }
            rows.add(m);
        }
        output.rows(rows);
        return 0;
    }

    private static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** A scan as a report: what status shows as last_scan and scans --json lists. */
    static Map<String, Object> scan(ScanInfo s) {
        return s.toMap();
    }
}
