package drift.cli.command;

import drift.storage.api.DatabaseManager;
import drift.storage.api.ScanInfo;
import drift.storage.api.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code drift status}: the manifest of every installed domain plus the last scan. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show what the store holds, per installed domain.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        StatusReport status;
        try (DatabaseManager m = db.openRead()) {
            status = m.status();
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("database", db.db.toAbsolutePath().normalize().toString());
        report.put("last_scan", status.lastScan().map(StatusCommand::scan).orElse(null));
        report.putAll(status.sections());
        output.report(report);
        return 0;
    }

    static Map<String, Object> scan(ScanInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("root", s.root());
        m.put("started_at", s.startedAt().toString());
        m.put("duration_ms", s.durationMs());
        m.put("files_scanned", s.filesScanned());
        m.putAll(new java.util.TreeMap<>(s.attributes()));
        return m;
    }
}
