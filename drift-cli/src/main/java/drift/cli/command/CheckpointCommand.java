package drift.cli.command;

import drift.storage.api.CheckpointMode;
import drift.storage.api.CheckpointResult;
import drift.storage.api.DatabaseManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code drift checkpoint}: copies the WAL back into the database file. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true, description = "Run a WAL checkpoint.")
final class CheckpointCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Mixin
    OutputOptions output;

    @Option(names = "--mode", defaultValue = "TRUNCATE", description = "PASSIVE, FULL, RESTART or TRUNCATE (default: ${DEFAULT-VALUE}).")
    CheckpointMode mode;

    @Override
    public Integer call() {
        CheckpointResult r;
        try (DatabaseManager m = db.openWrite(false)) {
            r = m.checkpoint(mode);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("mode", mode.name());
        report.put("busy", r.busy());
        report.put("wal_pages", r.walPages());
        report.put("checkpointed_pages", r.checkpointedPages());
        output.report(report);
        return r.busy() ? 5 : 0;
    }
}
