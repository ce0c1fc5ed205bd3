package drift.cli.command;

import drift.cli.dataset.DatasetImport;
import drift.cli.dataset.DatasetImport.FileSummary;
import drift.storage.api.DatabaseManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code drift import DIR}: loads a scan dataset through the batch writer. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a scan dataset folder (NDJSON files as in FORMAT.md, any subset) through the batch writer,",
                "then resolve calls, record the scan from scan.json and checkpoint the WAL.",
                "Bad lines are reported as file:line with the reason."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The dataset folder.")
    Path dir;

    @Option(names = "--on-error", defaultValue = "skip", paramLabel = "skip|stop",
            description = "On a bad line: skip it and go on, or stop (what was stored stays). Default: ${DEFAULT-VALUE}.")
    String onError;

    @Option(names = "--replace", description = "Clear the domains this dataset has files for first: a new full scan replaces the old one.")
    boolean replace;

    @Override
    public Integer call() {
        DatasetImport.OnError mode = switch (onError.toLowerCase(java.util.Locale.ROOT)) {
            case "skip" -> DatasetImport.OnError.SKIP;
            case "stop" -> DatasetImport.OnError.STOP;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--on-error must be skip or stop, was '" + onError + "'");
        };
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, !output.json && System.console() != null);
        DatasetImport.Summary s;
        try (DatabaseManager m = db.openWrite(true)) {
            s = DatasetImport.run(m, dir, mode, replace, bar, p -> {
                bar.clear();
                err.println("drift: bad line: " + p);
                err.flush();
            });
        } finally {
            bar.clear();
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("database", db.db.toAbsolutePath().normalize().toString());
        report.put("stored", s.stored());
        report.put("skipped", s.skipped());
        report.put("stopped", s.stopped());
        Map<String, Object> files = new LinkedHashMap<>();
        for (FileSummary f : s.files()) {
            files.put(f.file(), Map.of("rows", f.rowType(), "stored", f.stored(), "skipped", f.skipped()));
        }
        report.put("files", files);
        report.put("after_import", s.afterImport());
        s.scan().ifPresent(scan -> report.put("scan_id", scan.id()));
        if (output.json) {
            report.put("problems", s.problems().stream().map(Object::toString).toList());
            output.report(report);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            for (FileSummary f : s.files()) {
                out.printf("%-20s %10d stored %8d skipped%n", f.file(), f.stored(), f.skipped());
            }
            s.afterImport().forEach(a -> out.println(a));
            out.printf("%s: %d rows stored, %d skipped%s%n", s.stopped() ? "stopped at the first bad line" : "done",
                    s.stored(), s.skipped(), s.scan().map(x -> ", scan " + x.id() + " recorded").orElse(""));
            out.flush();
        }
        return s.stopped() ? 4 : 0;
    }

    /** A one-line progress bar on stderr, only on a terminal. */
    static final class ProgressBar implements DatasetImport.Progress {
        private final PrintWriter err;
        private final boolean enabled;
        private long lastDraw;
        private boolean drawn;

        ProgressBar(PrintWriter err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        @Override
        public void update(String file, long done, long total) {
            long now = System.nanoTime();
            if (!enabled || now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            int pct = total == 0 ? 100 : (int) (100 * done / total);
            int filled = pct * 30 / 100;
            err.print("\r" + String.format("%-18s [%s%s] %3d%%", file, "=".repeat(filled), " ".repeat(30 - filled), pct));
            err.flush();
            drawn = true;
        }

        void clear() {
            if (drawn) {
                err.print("\r" + " ".repeat(60) + "\r");
                err.flush();
                drawn = false;
            }
        }
    }

}
