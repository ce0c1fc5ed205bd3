package drift.cli.command;

import drift.storage.api.BackupResult;
import drift.storage.api.DatabaseManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code drift backup DEST}: a consistent hot copy, safe while another process writes. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Copy the database to a new file with SQLite's backup API (consistent while writes go on).")
final class BackupCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "DEST", description = "The new file (must not exist).")
    Path dest;

    @Override
    public Integer call() {
        BackupResult r;
        try (DatabaseManager m = db.openRead()) {
            r = m.backup(dest);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("backup", r.destination().toString());
        report.put("bytes", r.bytes());
        report.put("ms", r.millis());
        output.report(report);
        return 0;
    }
}
