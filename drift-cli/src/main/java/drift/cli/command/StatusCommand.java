package drift.cli.command;

import drift.storage.api.DatabaseManager;
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
        try (DatabaseManager m = db.openInspect()) {
            status = m.status();
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("database", db.location());
        report.put("last_scan", status.lastScan().map(ScansCommand::scan).orElse(null));
        report.putAll(status.sections());
        output.report(report);
        return 0;
    }
}
