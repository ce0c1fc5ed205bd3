package drift.cli.command;

import drift.cli.Client;
import drift.cli.output.Output;
import drift.dataset.GitRevision;
import drift.storage.api.DatabaseManager;
import drift.storage.api.ScanInfo;
import drift.storage.api.ScanMode;
import drift.storage.api.ScanOutcome;
import drift.storage.api.ScanRequest;
import drift.storage.api.ScanSession;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.Scanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** {@code drift scan PATH...}: runs the scanners that accept the paths, as one scan. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Scan code with the installed scanners, as one scan: atomic, keyed by file, incremental.",
                "Without PATH: the store's last full scan again (its paths, root and options), from any folder of the project.",
                "The JVM scanner reads jars, wars and ears, class folders, Maven and Gradle builds (the main classes of every module) and jrt:/ for the JDK. A rescan writes only the",
                "files that changed (and those whose edges change with them)."})
final class ScanCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "What to scan: jars, wars, ears, folders, Maven or Gradle builds, "
            + "jrt:/ or jrt:/MODULE (default: the last full scan's).")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--merge", description = "Keep the files the store holds that this scan does not have (default: they are "
            + "removed, the scan is the whole codebase).")
    boolean merge;

    @Option(names = "--force", description = "Rewrite every file, changed or not.")
    boolean force;

    @Option(names = "--dispatch", defaultValue = "cha", paramLabel = "cha|rta", description = "Virtual calls reach every "
            + "subtype's override (cha, the default) or only those of instantiated types (rta). Default: ${DEFAULT-VALUE}.")
    String dispatch;

    @Option(names = "--allow-empty", description = "Store a scan that finds no class file (refused by default: as a snapshot it "
            + "would remove what the store holds, and an unbuilt project or a wrong path is a mistake).")
    boolean allowEmpty;

    @Option(names = "--nested", description = "Also read the archives inside the jars, wars and ears given: a packaged "
            + "application's libraries (BOOT-INF/lib, WEB-INF/lib, an ear's modules). By default its own classes only, as for "
            + "a Maven project, and a note says what was passed over.")
    boolean nested;

    @Option(names = "--revision", paramLabel = "REV", description = "The revision to record (default: the git commit of the first path's work tree).")
    String revision;

    @Option(names = "--root", paramLabel = "ROOT", description = "The root to record (default: the first path).")
    String root;

    /** Scan attributes: the paths scanned (a JSON array of absolute paths), and the scan's options (a JSON object). */
    static final String INPUTS = "inputs";
    static final String OPTIONS = "options";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * No path given: the paths, root and options (unless given now) of the store's last committed snapshot or
     * replace — a developer's "scan again" from anywhere in the project. A merge is never repeated: its paths are
     * a part of the code, and a snapshot of them would remove the rest.
     */
    private ScanInfo repeatLastScan() {
        ScanInfo last;
        try (DatabaseManager m = db.openRead()) {
            last = m.scans(1000).stream().filter(s -> s.outcome() == ScanOutcome.COMMITTED && s.mode() != ScanMode.MERGE)
                    .findFirst().orElseThrow(() -> new ParameterException(spec.commandLine(), "give PATH: " + db.location()
                            + " holds no full scan to repeat"));
        }
        List<String> paths;
        Map<String, Object> options;
        try {
            paths = JSON.readValue(last.attributes().getOrDefault(INPUTS, ""), new TypeReference<List<String>>() { });
            options = JSON.readValue(last.attributes().getOrDefault(OPTIONS, "{}"), new TypeReference<Map<String, Object>>() { });
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "give PATH: scan " + last.id() + ", the last full scan of " + db.location()
                    + ", did not record the paths it scanned (an import, a library's scan, or a scan by an older drift)");
        }
        inputs = paths;
        var parsed = spec.commandLine().getParseResult();
        if (root == null) {
            root = last.root();
        }
        if (!parsed.hasMatchedOption("--dispatch") && options.get("dispatch") instanceof String d) {
            dispatch = d;
        }
        if (!parsed.hasMatchedOption("--nested") && options.get("nested") != null) {
            nested = Boolean.parseBoolean(options.get("nested").toString());
        }
        if (!output.json) {
            spec.commandLine().getErr().println("drift: scanning again what scan " + last.id() + " scanned: " + String.join(" ", paths));
            spec.commandLine().getErr().flush();
        }
        return last;
    }

    @Override
    public Integer call() {
        List<Scanner> scanners = new ArrayList<>();
        ServiceLoader.load(Scanner.class, Scanner.class.getClassLoader()).forEach(scanners::add);
        scanners.sort(Comparator.comparing(Scanner::id));
        ScanInfo repeated = inputs.isEmpty() ? repeatLastScan() : null;
        Map<Scanner, List<String>> plan = new LinkedHashMap<>();
        List<String> resolved = new ArrayList<>();
        for (String typed : inputs) {
            // relative to the folder the user typed it in (the resident drift's client's, not the daemon's)
            String in = typed.startsWith("jrt:") ? typed : Client.resolve(typed).toString();
            if (!in.startsWith("jrt:") && !Files.exists(Path.of(in))) {
                throw new StorageException(StorageErrorCode.NOT_FOUND, "no such file or folder: " + typed + (repeated == null ? ""
                        : " (a path of scan " + repeated.id() + ", scanned again: give PATH if the code has moved)"));
            }
            Scanner s = scanners.stream().filter(x -> x.accepts(in)).findFirst().orElseThrow(() -> new ParameterException(
                    spec.commandLine(), "no installed scanner reads " + in + " (scanners: " + scanners.stream().map(Scanner::id).toList()
                    + "; the JVM scanner reads jars, wars, ears, class folders, Maven and Gradle builds and jrt:/)"));
            plan.computeIfAbsent(s, k -> new ArrayList<>()).add(in);
            resolved.add(in);
        }
        if (!dispatch.equalsIgnoreCase("cha") && !dispatch.equalsIgnoreCase("rta")) {
            throw new ParameterException(spec.commandLine(), "--dispatch must be cha or rta, was '" + dispatch + "'");
        }
        if (merge && force) {
            throw new ParameterException(spec.commandLine(), "--merge and --force do not go together");
        }
        Set<String> domains = new LinkedHashSet<>();
        plan.keySet().forEach(s -> domains.addAll(s.domains()));
        String first = inputs.get(0);
        Path firstPath = first.startsWith("jrt:") ? null : Client.resolve(first);
        String rootValue = root != null ? root : firstPath == null ? first : firstPath.toString();
        String rev = revision;
        if (rev == null && firstPath != null && Files.exists(firstPath)) {
            rev = GitRevision.of(firstPath).orElse(null);
        }
        ScanMode mode = force ? ScanMode.REPLACE : merge ? ScanMode.MERGE : ScanMode.SNAPSHOT;
        // the scanners' options: those a scan without paths repeats are recorded with the paths as resolved
        Map<String, String> repeatable = Map.of("dispatch", dispatch.toLowerCase(Locale.ROOT), "nested", Boolean.toString(nested));
        Map<String, String> scannerOptions = new LinkedHashMap<>(repeatable);
        scannerOptions.put("allow-empty", Boolean.toString(allowEmpty));
        ScanRequest request = new ScanRequest(rootValue, rev, mode, domains, Map.of("scanners", String.join(",",
                plan.keySet().stream().map(Scanner::id).toList()), INPUTS, JSON.writeValueAsString(resolved), OPTIONS,
                JSON.writeValueAsString(repeatable)));
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = !output.json && Client.terminal();
        Client client = Client.current();
        AtomicReference<ScanSession> open = new AtomicReference<>();
        Map<String, Object> report = new LinkedHashMap<>();
        ScanInfo info;
        try (Interrupts interrupts = Interrupts.handle(() -> {
            ScanSession s = open.get();
            if (s != null) {
                s.abandon();
            }
        }); DatabaseManager m = db.openWrite(true)) {
            try (ScanSession session = m.beginScan(request)) {
                open.set(session);
                if (interrupts.interrupted()) {
                    session.abandon();
                }
                for (Map.Entry<Scanner, List<String>> e : plan.entrySet()) {
                    long[] last = {0};
                    Map<String, Object> summary = Scanner.run(e.getKey(), new Scanner.Job(e.getValue(), session, m, scannerOptions,
                            (phase, done, total) -> {
                                long now = System.nanoTime();
                                if (terminal && now - last[0] > 100_000_000L) {
                                    last[0] = now;
                                    String line = phase + ": " + done + (total > 0 ? " of " + total : "");
                                    if (client != null) {
                                        client.progress(line); // the client's terminal, as it happens
                                    } else {
                                        err.print("\r" + line + "          ");
                                        err.flush();
                                    }
                                }
                            }));
                    if (terminal && client == null) {
                        err.print("\r" + " ".repeat(60) + "\r");
                        err.flush();
                    }
                    report.put(e.getKey().id(), summary);
                    if (summary.get(Scanner.NOTES) instanceof List<?> notes) {
                        notes.forEach(n -> err.println("drift: note: " + e.getKey().id() + ": " + n));
                        err.flush();
                    }
                }
                info = session.commit();
            } catch (StorageException e) {
                if (e.code() == StorageErrorCode.CANCELLED || interrupts.interrupted()) {
                    err.println("drift: interrupted: the scan was rolled back; the store holds what it held before");
                    err.flush();
                    return StorageErrorCode.CANCELLED.exitCode();
                }
                throw e;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", db.location());
        out.put("scan", ScansCommand.scan(info));
        out.put("scanners", report);
        if (output.json) {
            output.report(out);
        } else {
            PrintWriter o = spec.commandLine().getOut();
            report.forEach((id, summary) -> {
                o.println(id + ":");
                Output.tree(o, castMap(summary), 1);
            });
            o.printf("scan %d (%s) committed: files %d added, %d changed, %d removed, %d unchanged; %d rows in %d ms%n", info.id(),
                    info.mode().name().toLowerCase(Locale.ROOT), info.files().added(), info.files().changed(), info.files().removed(),
                    info.files().unchanged(), info.totalRows(), info.duration().toMillis());
            o.flush();
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Object o) {
        return (Map<String, ?>) o;
    }
}
