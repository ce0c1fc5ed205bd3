package drift.cli.command;

import drift.dataset.DatasetImport;
import drift.dataset.DatasetImport.FileSummary;
import drift.storage.api.DatabaseManager;
import drift.storage.api.ScanSession;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** {@code drift import DIR}: loads a scan dataset as one scan. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a scan dataset folder (NDJSON files as in docs/FORMAT.md, any subset) as one scan.",
                "All of it is stored at once, or nothing (Ctrl-C, a kill, a full disk leave the store as it was).",
                "Each file's rows replace what the store held for that file, so importing twice changes nothing.",
                "Bad lines are reported as file:line with the field and the reason."})
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
            description = "On a bad line: skip it and go on (exit 4 at the end unless --allow-skips), or stop and store "
                    + "nothing of the import. Default: ${DEFAULT-VALUE}.")
    String onError;

    @Option(names = "--allow-skips", description = "Exit 0 even when bad lines were skipped.")
    boolean allowSkips;

    @Option(names = "--replace", description = {"The dataset is the whole codebase: files it does not have are removed too.",
            "With a file manifest (files.ndjson), files whose hash is unchanged are kept untouched (incremental)."})
    boolean replace;

    @Option(names = "--revision", paramLabel = "REV", description = "The revision to record (default: scan.json's, or the "
            + "git commit of the scan root when it is a work tree here).")
    String revision;

    @Override
    public Integer call() {
        DatasetImport.OnError mode = switch (onError.toLowerCase(Locale.ROOT)) {
            case "skip" -> DatasetImport.OnError.SKIP;
            case "stop" -> DatasetImport.OnError.STOP;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--on-error must be skip or stop, was '" + onError + "'");
        };
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, System.console() != null);
        int[] printed = {0};
        AtomicReference<ScanSession> scan = new AtomicReference<>();
        DatasetImport.Summary s;
        try (Interrupts interrupts = Interrupts.handle(() -> {
            ScanSession open = scan.get();
            if (open != null) {
                open.abandon();
            }
        }); DatabaseManager m = db.openWrite(true)) {
            DatasetImport.Options options = DatasetImport.Options.defaults().replacing(replace).onError(mode).revision(revision)
                    .progress(bar).problems(p -> {
                        // the first ones each on a line; a dataset of a million bad lines does not print a million
                        if (printed[0]++ < MAX_PRINTED) {
                            bar.clear();
                            err.println((p.line() > 0 ? "drift: bad line: " : "drift: bad data: ") + p);
                            err.flush();
                        }
                    }).onBegin(session -> {
                        scan.set(session);
                        if (interrupts.interrupted()) {
                            session.abandon();
                        }
                    });
            try {
                s = DatasetImport.run(m, dir, options);
            } catch (StorageException e) {
                if (e.code() == StorageErrorCode.CANCELLED || interrupts.interrupted()) {
                    bar.clear();
                    err.println("drift: interrupted: the import was rolled back; the store holds what it held before");
                    err.flush();
                    return StorageErrorCode.CANCELLED.exitCode();
                }
                throw e;
            }
        } finally {
            bar.clear();
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("database", db.location());
        report.put("stored", s.stored());
        report.put("skipped", s.skipped());
        report.put("unchanged", s.unchanged());
        report.put("stopped", s.stopped());
        Map<String, Object> files = new LinkedHashMap<>();
        for (FileSummary f : s.files()) {
            files.put(f.file(), Map.of("rows", f.rowType(), "stored", f.stored(), "skipped", f.skipped(), "unchanged", f.unchanged()));
        }
        report.put("files", files);
        report.put("after_import", s.afterImport());
        s.scan().ifPresent(scan1 -> {
            report.put("scan_id", scan1.id());
            report.put("mode", scan1.mode().name().toLowerCase(Locale.ROOT));
            report.put("files_added", scan1.files().added());
            report.put("files_changed", scan1.files().changed());
            report.put("files_removed", scan1.files().removed());
            report.put("files_unchanged", scan1.files().unchanged());
        });
        if (output.json) {
            report.put("problems", s.problems().stream().map(Object::toString).toList());
            output.report(report);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            for (FileSummary f : s.files()) {
                out.printf("%-20s %10d stored %8d skipped %8d unchanged%n", f.file(), f.stored(), f.skipped(), f.unchanged());
            }
            s.afterImport().forEach(out::println);
            if (s.stopped()) {
                out.printf("stopped at the first bad line: nothing of this import was stored%n");
            } else {
                out.printf("done: %d rows stored, %d skipped, %d unchanged%s%n", s.stored(), s.skipped(), s.unchanged(),
                        s.scan().map(x -> "; scan " + x.id() + " (" + x.mode().name().toLowerCase(Locale.ROOT) + "): files "
                                + x.files().added() + " added, " + x.files().changed() + " changed, " + x.files().removed()
                                + " removed, " + x.files().unchanged() + " unchanged").orElse(""));
            }
            out.flush();
        }
        if (s.stopped() || s.skipped() > 0 && !allowSkips) {
            if (!s.stopped()) {
                if (printed[0] > MAX_PRINTED) {
                    err.println("drift: … and " + (printed[0] - MAX_PRINTED) + " more bad lines not printed (--json lists them all)");
                }
                err.println("drift: bad data: " + s.skipped() + " bad line(s) skipped (the rest is stored; --allow-skips exits 0)");
                err.flush();
            }
            return StorageErrorCode.ROW_REJECTED.exitCode();
        }
        return 0;
    }

    /** Bad lines printed one by one; the rest are counted. */
    private static final int MAX_PRINTED = 100;

    /**
     * Progress on stderr: on a terminal a one-line bar redrawn in place, otherwise (a CI log, a pipe) one line
     * every few seconds, so a long import is never silent.
     */
    static final class ProgressBar implements DatasetImport.Progress {
        private static final long LINE_EVERY = 5_000_000_000L;
        private final PrintWriter err;
        private final boolean terminal;
        private final long started = System.nanoTime();
        private long lastDraw = System.nanoTime();
        private boolean drawn;

        ProgressBar(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public void update(String file, long done, long total) {
            long now = System.nanoTime();
            if (now - lastDraw < (terminal ? 100_000_000L : LINE_EVERY)) {
                return;
            }
            lastDraw = now;
            int pct = total == 0 ? 100 : (int) (100 * done / total);
            if (!terminal) {
                err.printf("drift: importing %s: %d%% of %.1f MB (%d s)%n", file, pct, total / 1e6, (now - started) / 1_000_000_000L);
                err.flush();
                return;
            }
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
