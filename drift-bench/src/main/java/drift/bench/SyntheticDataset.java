package drift.bench;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Synthetic scan datasets for tests and benchmarks, in the shape {@code ../shared/bench/gen_dataset.py}
 * writes (same scales, row kinds, layering and name reuse; Java's random numbers, so not the same bytes),
 * each with a file manifest whose hashes are derived from the rows of each file, and rescans of them in
 * which a share of the files changed, vanished or appeared, as a codebase changes between two scans.
 *
 * <pre>
 * java -p mods -m drift.bench/drift.bench.SyntheticDataset generate --scale small --out DIR [--seed N]
 * java -p mods -m drift.bench/drift.bench.SyntheticDataset mutate --in DIR --out DIR2 [--percent 1] [--seed N]
 * java -p mods -m drift.bench/drift.bench.SyntheticDataset manifest --in DIR
 * </pre>
 */
public final class SyntheticDataset {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Row counts of one scale: patterns, locations, functions, calls, data access, contracts. */
    public record Scale(int patterns, int locations, int functions, int calls, int dataAccess, int contracts) {
    }

    /** The scales of gen_dataset.py. */
    public static final Map<String, Scale> SCALES = Map.of(
            "tiny", new Scale(200, 1_000, 1_000, 4_000, 200, 20),
            "small", new Scale(1_000, 10_000, 5_000, 20_000, 1_000, 100),
            "patterns10k", new Scale(10_000, 0, 0, 0, 0, 0),
            "medium", new Scale(5_000, 50_000, 50_000, 200_000, 10_000, 1_000),
            "large", new Scale(100_000, 1_000_000, 500_000, 2_000_000, 100_000, 10_000));

    static final String[] CATEGORIES = {"structural", "components", "styling", "api", "auth", "errors", "data-access",
            "testing", "logging", "security", "config", "types", "performance", "accessibility", "documentation"};
    static final String[] STATUSES = {"discovered", "discovered", "discovered", "discovered", "discovered", "discovered",
            "approved", "approved", "approved", "ignored"};
    static final String[] SEVERITIES = {"error", "warning", "info", "hint"};
    static final String[] WORDS = ("auth token session user request response handler middleware error retry cache query "
            + "transaction validation schema route controller service repository logger config secret "
            + "password email payment invoice order product inventory audit metric trace span async "
            + "await promise callback stream buffer parse serialize json yaml env feature flag test "
            + "mock fixture snapshot component render props state hook effect style theme layout").split(" ");
    static final String[] LANGS = {"typescript", "python", "java", "go", "rust"};
    static final Map<String, List<String>> TABLES = new LinkedHashMap<>();
    static final String[] EXTERNAL = {"console.log", "JSON.parse", "JSON.stringify", "fetch", "setTimeout", "Object.keys",
            "Array.from", "Promise.all", "Math.max", "parseInt"};
    static final String[] LAYERS = {"routes", "controllers", "services", "repositories", "db"};
    static final String[] HTTP = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    static final String[] FIELD_TYPES = {"string", "number", "boolean", "object", "array"};

    static {
        TABLES.put("users", List.of("id", "email", "password_hash", "name", "phone", "created_at"));
        TABLES.put("accounts", List.of("id", "user_id", "account_number", "balance", "bank"));
        TABLES.put("payments", List.of("id", "account_id", "credit_card", "cvv", "amount"));
        TABLES.put("sessions", List.of("id", "user_id", "token", "expires_at"));
        TABLES.put("orders", List.of("id", "user_id", "total", "status", "address"));
        TABLES.put("products", List.of("id", "title", "price", "stock"));
        TABLES.put("audit_log", List.of("id", "actor", "action", "at"));
        TABLES.put("patients", List.of("id", "name", "dob", "diagnosis", "prescription", "ssn"));
        TABLES.put("api_keys", List.of("id", "user_id", "api_key", "secret"));
        TABLES.put("feature_flags", List.of("id", "name", "enabled"));
    }

    /** The rows of a dataset, by file name, as JSON objects. */
    public static final class Rows {
        final Map<String, List<Map<String, Object>>> files = new LinkedHashMap<>();
        Map<String, Object> scan = new LinkedHashMap<>();

        /** What scan.json says (root, scale, seed...), to change before writing. */
        public Map<String, Object> scan() {
            return scan;
        }

        /** The rows of one dataset file (created empty when missing). */
        public List<Map<String, Object>> of(String file) {
            return files.computeIfAbsent(file, f -> new ArrayList<>());
        }
    }

    private SyntheticDataset() {
    }

    /** Entry point: generate, mutate or manifest. */
    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String verb = args.length == 0 ? "" : args[0];
        switch (verb) {
            case "generate" -> generate(a.getOrDefault("scale", "small"), Long.parseLong(a.getOrDefault("seed", "6088")),
                    Path.of(a.get("out")));
            case "mutate" -> mutate(Path.of(a.get("in")), Path.of(a.get("out")), Double.parseDouble(a.getOrDefault("percent", "1")) / 100,
                    Long.parseLong(a.getOrDefault("seed", "1")));
            case "manifest" -> writeManifest(Path.of(a.get("in")));
            default -> {
                System.err.println("usage: generate --scale S --out DIR [--seed N] | mutate --in DIR --out DIR [--percent P] "
                        + "[--seed N] | manifest --in DIR");
                System.exit(2);
            }
        }
    }

    static String iso(Random rng, int year) {
        return String.format("%d-%02d-%02dT%02d:%02d:%02dZ", year, 1 + rng.nextInt(10), 1 + rng.nextInt(28), rng.nextInt(24),
                rng.nextInt(60), rng.nextInt(60));
    }

    static String sentence(Random rng, int lo, int hi) {
        int n = lo + rng.nextInt(hi - lo + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(pick(rng, WORDS));
        }
        return sb.toString();
    }

    static String pick(Random rng, String[] values) {
        return values[rng.nextInt(values.length)];
    }

    static String fileOf(int i, int nfiles) {
        String layer = LAYERS[(i * LAYERS.length) / Math.max(nfiles, 1)];
        return String.format("src/%s/mod%03d/file%05d.ts", layer, (i / 20) % 1000, i);
    }

    static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A dataset of {@code scale} written to {@code out}, with its manifest. */
    public static void generate(String scale, long seed, Path out) {
        Scale sc = SCALES.get(scale);
        if (sc == null) {
            throw new IllegalArgumentException("unknown scale '" + scale + "' (one of " + new TreeMap<>(SCALES).keySet() + ")");
        }
        write(rows(sc, scale, seed), out);
    }

    /** The rows of a dataset of {@code sc}. */
    public static Rows rows(Scale sc, String scale, long seed) {
        Random rng = new Random(seed);
        Rows d = new Rows();
        int nfiles = Math.max(Math.max(sc.functions() / 10, sc.patterns() / 4), 1);
        for (int i = 0; i < sc.patterns(); i++) {
            String cat = CATEGORIES[i % CATEGORIES.length];
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", String.format("pat-%07d", i));
            p.put("name", cat + " " + pick(rng, WORDS) + " " + pick(rng, WORDS));
            p.put("category", cat);
            p.put("status", pick(rng, STATUSES));
            p.put("confidence", Math.round(beta(rng, 5, 2) * 10_000) / 10_000.0);
            p.put("severity", pick(rng, SEVERITIES));
            p.put("description", sentence(rng, 8, 20));
            p.put("detector", cat + "/" + pick(rng, WORDS) + "-detector");
            p.put("first_seen", iso(rng, 2025));
            p.put("last_seen", iso(rng, 2026));
            d.of("patterns.ndjson").add(p);
        }
        for (int j = 0; j < sc.locations(); j++) {
            d.of("locations.ndjson").add(location(rng, String.format("pat-%07d", sc.patterns() == 0 ? 0 : rng.nextInt(sc.patterns())),
                    fileOf(rng.nextInt(nfiles), nfiles)));
        }
        int nf = sc.functions();
        int perLayer = Math.max(nf / LAYERS.length, 1);
        List<List<Integer>> byLayer = new ArrayList<>();
        for (int i = 0; i < LAYERS.length; i++) {
            byLayer.add(new ArrayList<>());
        }
        List<Map<String, Object>> funcs = d.of("functions.ndjson");
        for (int i = 0; i < nf; i++) {
            int layer = Math.min(i / perLayer, LAYERS.length - 1);
            int fidx = i / 10;
            String file = fileOf(fidx, Math.max(nf / 10, 1));
            String name = pick(rng, WORDS) + capitalize(pick(rng, WORDS)) + rng.nextInt(perLayer / 2 + 1);
            int start = (i % 10) * 40 + 1;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", file + ":" + name + ":" + start);
            f.put("name", name);
            f.put("file", file);
            f.put("start_line", start);
            f.put("end_line", start + 5 + rng.nextInt(34));
            f.put("language", LANGS[fidx % LANGS.length]);
            f.put("is_entry_point", layer == 0 && rng.nextDouble() < 0.1);
            f.put("is_exported", rng.nextDouble() < 0.6);
            f.put("is_async", rng.nextDouble() < 0.4);
            funcs.add(f);
            byLayer.get(layer).add(i);
        }
        List<Map<String, Object>> calls = d.of("calls.ndjson");
        for (int k = 0; k < sc.calls() && nf > 0; k++) {
            int ci = rng.nextInt(nf);
            Map<String, Object> c = funcs.get(ci);
            int layer = Math.min(ci / perLayer, LAYERS.length - 1);
            double r = rng.nextDouble();
            String target;
            if (r < 0.10) {
                int base = (ci / 10) * 10;
                target = (String) funcs.get(Math.min(base + rng.nextInt(10), nf - 1)).get("name");
            } else if (layer + 1 == LAYERS.length) {
                target = pick(rng, EXTERNAL);
            } else if (r < 0.55) {
                List<Integer> down = byLayer.get(layer + 1);
                if (rng.nextDouble() < 0.9) {
                    int pos = (ci - byLayer.get(layer).get(0)) * down.size() / Math.max(byLayer.get(layer).size(), 1);
                    int j = Math.min(Math.max(pos + rng.nextInt(401) - 200, 0), down.size() - 1);
                    target = (String) funcs.get(down.get(j)).get("name");
                } else {
                    target = (String) funcs.get(down.get(rng.nextInt(down.size()))).get("name");
                }
            } else if (r < 0.58) {
                List<Integer> same = byLayer.get(layer);
                int pos = ci - same.get(0);
                target = (String) funcs.get(same.get(Math.min(Math.max(pos + rng.nextInt(41) - 20, 0), same.size() - 1))).get("name");
            } else {
                target = pick(rng, EXTERNAL);
            }
            calls.add(call((String) c.get("id"), target, ((Number) c.get("start_line")).intValue() + 1 + rng.nextInt(30)));
        }
        List<String> tables = new ArrayList<>(TABLES.keySet());
        if (nf > 0) {
            int lo = byLayer.get(LAYERS.length - 2).isEmpty() ? 0 : byLayer.get(LAYERS.length - 2).get(0);
            for (int k = 0; k < sc.dataAccess(); k++) {
                Map<String, Object> f = funcs.get(lo + rng.nextInt(nf - lo));
                d.of("data_access.ndjson").add(dataAccess(rng, (String) f.get("id"), ((Number) f.get("start_line")).intValue(), tables));
            }
        }
        for (int k = 0; k < sc.contracts(); k++) {
            d.of("contracts.ndjson").add(contract(rng, String.format("con-%06d", k)));
        }
        d.scan.put("root", "/workspace/app");
        d.scan.put("started_at", "2026-11-01T10:00:00Z");
        d.scan.put("duration_ms", 41234);
        d.scan.put("files_scanned", nfiles);
        d.scan.put("scale", scale);
        d.scan.put("seed", seed);
        d.files.values().removeIf(List::isEmpty);
        return d;
    }

    /** A beta(a, b) variate from two gamma variates (integer shapes: sums of exponentials). */
    private static double beta(Random rng, int a, int b) {
        double x = gamma(rng, a);
        double y = gamma(rng, b);
        return x / (x + y);
    }

    private static double gamma(Random rng, int shape) {
        double sum = 0;
        for (int i = 0; i < shape; i++) {
            sum -= Math.log(1 - rng.nextDouble());
        }
        return sum;
    }

    static Map<String, Object> location(Random rng, String patternId, String file) {
        int line = 1 + rng.nextInt(800);
        boolean outlier = rng.nextDouble() < 0.08;
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("pattern_id", patternId);
        l.put("file", file);
        l.put("line", line);
        l.put("column", 1 + rng.nextInt(80));
        l.put("end_line", line + rng.nextInt(21));
        l.put("end_column", 1 + rng.nextInt(120));
        l.put("is_outlier", outlier);
        l.put("reason", outlier ? sentence(rng, 4, 9) : null);
        l.put("deviation_score", outlier ? Math.round(rng.nextDouble() * 1000) / 1000.0 : null);
        return l;
    }

    static Map<String, Object> call(String caller, String target, int line) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("caller_id", caller);
        c.put("target", target);
        c.put("line", line);
        return c;
    }

    static Map<String, Object> dataAccess(Random rng, String functionId, int startLine, List<String> tables) {
        String t = tables.get(rng.nextInt(tables.size()));
        List<String> columns = new ArrayList<>(TABLES.get(t));
        java.util.Collections.shuffle(columns, rng);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("function_id", functionId);
        m.put("table", t);
        m.put("operation", pick(rng, new String[] {"read", "read", "read", "write", "delete"}));
        m.put("fields", List.copyOf(columns.subList(0, 1 + rng.nextInt(Math.min(4, columns.size())))));
        m.put("line", startLine + 1 + rng.nextInt(20));
        return m;
    }

    static Map<String, Object> contract(Random rng, String id) {
        String[] suffixes = {":id", "list", ":id/" + pick(rng, WORDS), "search"};
        List<Map<String, Object>> bf = new ArrayList<>();
        List<String> words = new ArrayList<>(List.of(WORDS));
        java.util.Collections.shuffle(words, rng);
        for (String w : words.subList(0, 2 + rng.nextInt(7))) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", w);
            f.put("type", pick(rng, FIELD_TYPES));
            f.put("optional", rng.nextDouble() < 0.2);
            f.put("nullable", rng.nextDouble() < 0.1);
            bf.add(f);
        }
        List<Map<String, Object>> fronts = new ArrayList<>();
        int n = 1 + rng.nextInt(3);
        for (int i = 0; i < n; i++) {
            Map<String, Object> fr = new LinkedHashMap<>();
            fr.put("file", String.format("web/src/api/client%03d.ts", rng.nextInt(300)));
            fr.put("line", 1 + rng.nextInt(400));
            fr.put("library", pick(rng, new String[] {"fetch", "axios", "react-query"}));
            fr.put("response_fields", bf.stream().filter(x -> rng.nextDouble() < 0.9).map(LinkedHashMap::new).toList());
            fronts.add(fr);
        }
        List<Map<String, Object>> mism = new ArrayList<>();
        if (rng.nextDouble() < 0.3) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field_path", bf.get(rng.nextInt(bf.size())).get("name"));
            m.put("mismatch_type", pick(rng, new String[] {"missing_in_frontend", "type_mismatch", "optionality_mismatch",
                    "nullability_mismatch"}));
            m.put("description", sentence(rng, 5, 10));
            m.put("severity", pick(rng, new String[] {"error", "warning", "info"}));
            mism.add(m);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("method", pick(rng, HTTP));
        c.put("endpoint", "/api/" + pick(rng, WORDS) + "/" + suffixes[rng.nextInt(suffixes.length)]);
        c.put("status", mism.isEmpty() ? pick(rng, new String[] {"discovered", "verified", "ignored"}) : "mismatch");
        c.put("confidence", Math.round(beta(rng, 4, 2) * 10_000) / 10_000.0);
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("file", String.format("server/routes/r%03d.py", rng.nextInt(200)));
        backend.put("line", 1 + rng.nextInt(500));
        backend.put("framework", pick(rng, new String[] {"fastapi", "express", "flask", "spring"}));
        backend.put("response_fields", bf);
        c.put("backend", backend);
        c.put("frontend", fronts);
        c.put("mismatches", mism);
        return c;
    }

    /** Reads a dataset folder written by {@link #write} (or gen_dataset.py). */
    @SuppressWarnings("unchecked")
    public static Rows read(Path dir) {
        Rows d = new Rows();
        for (String f : List.of("patterns.ndjson", "locations.ndjson", "functions.ndjson", "calls.ndjson", "data_access.ndjson",
                "contracts.ndjson")) {
            Path p = dir.resolve(f);
            if (Files.exists(p)) {
                try (Stream<String> lines = Files.lines(p, StandardCharsets.UTF_8)) {
                    lines.filter(l -> !l.isBlank()).forEach(l -> d.of(f).add(JSON.readValue(l, LinkedHashMap.class)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        try {
            if (Files.exists(dir.resolve("scan.json"))) {
                d.scan = JSON.readValue(Files.readString(dir.resolve("scan.json")), LinkedHashMap.class);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** Writes the rows, scan.json and the manifest (files.ndjson) to {@code out}. */
    public static void write(Rows d, Path out) {
        try {
            Files.createDirectories(out);
            for (Map.Entry<String, List<Map<String, Object>>> e : d.files.entrySet()) {
                try (BufferedWriter w = Files.newBufferedWriter(out.resolve(e.getKey()), StandardCharsets.UTF_8)) {
                    for (Map<String, Object> row : e.getValue()) {
                        w.write(JSON.writeValueAsString(row));
                        w.write('\n');
                    }
                }
            }
            Files.writeString(out.resolve("scan.json"), JSON.writeValueAsString(d.scan));
            writeManifest(out, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes files.ndjson for the dataset in {@code dir}. */
    public static void writeManifest(Path dir) {
        writeManifest(dir, read(dir));
    }

    /**
     * The manifest: one entry per file the rows name, whose "content" hash is the SHA-256 of the rows that
     * belong to it (its functions with their calls and data access, its locations, the contracts it is a
     * backend or frontend file of), so it changes exactly when the file's rows do.
     */
    @SuppressWarnings("unchecked")
    static void writeManifest(Path dir, Rows d) {
        Map<String, List<String>> content = new TreeMap<>();
        Map<String, String> fileOfFunction = new HashMap<>();
        Map<String, String> language = new HashMap<>();
        for (Map<String, Object> f : d.files.getOrDefault("functions.ndjson", List.of())) {
            fileOfFunction.put((String) f.get("id"), (String) f.get("file"));
            language.putIfAbsent((String) f.get("file"), (String) f.get("language"));
        }
        java.util.function.BiConsumer<String, Map<String, Object>> add = (file, row) -> {
            if (file != null) {
                content.computeIfAbsent(file, k -> new ArrayList<>()).add(JSON.writeValueAsString(row));
            }
        };
        d.files.getOrDefault("functions.ndjson", List.of()).forEach(r -> add.accept((String) r.get("file"), r));
        d.files.getOrDefault("calls.ndjson", List.of()).forEach(r -> add.accept(fileOfFunction.get(r.get("caller_id")), r));
        d.files.getOrDefault("data_access.ndjson", List.of()).forEach(r -> add.accept(fileOfFunction.get(r.get("function_id")), r));
        d.files.getOrDefault("locations.ndjson", List.of()).forEach(r -> add.accept((String) r.get("file"), r));
        for (Map<String, Object> c : d.files.getOrDefault("contracts.ndjson", List.of())) {
            add.accept((String) ((Map<String, Object>) c.get("backend")).get("file"), c);
            for (Map<String, Object> f : (List<Map<String, Object>>) c.get("frontend")) {
                add.accept((String) f.get("file"), c);
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("files.ndjson"), StandardCharsets.UTF_8)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, List<String>> e : content.entrySet()) {
                // the file's rows in a fixed order: the hash says what the file holds, not where its rows stand
                List<String> lines = new ArrayList<>(e.getValue());
                lines.sort(null);
                byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", e.getKey());
                entry.put("sha256", HexFormat.of().formatHex(sha.digest(bytes)));
                entry.put("size", bytes.length);
                entry.put("language", language.getOrDefault(e.getKey(), e.getKey().endsWith(".py") ? "python" : "typescript"));
                w.write(JSON.writeValueAsString(entry));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a producer that knows which files changed writes for the rescan {@code after} of {@code before}
     * (FORMAT.md allows it): the whole manifest (a file left out of it would be removed), every pattern (a
     * snapshot keeps only the patterns it reports), and only the rows of the files that are new or whose hash
     * changed; a contract when any of its files did.
     */
    @SuppressWarnings("unchecked")
    public static void delta(Path before, Path after, Path out) {
        Map<String, String> old = manifestHashes(before);
        Set<String> changed = new HashSet<>();
        manifestHashes(after).forEach((path, sha) -> {
            if (!sha.equals(old.get(path))) {
                changed.add(path);
            }
        });
        Rows d = read(after);
        Set<String> functions = new HashSet<>();
        d.of("functions.ndjson").removeIf(f -> {
            boolean keep = changed.contains((String) f.get("file"));
            if (keep) {
                functions.add((String) f.get("id"));
            }
            return !keep;
        });
        d.of("calls.ndjson").removeIf(c -> !functions.contains((String) c.get("caller_id")));
        d.of("data_access.ndjson").removeIf(a -> !functions.contains((String) a.get("function_id")));
        d.of("locations.ndjson").removeIf(l -> !changed.contains((String) l.get("file")));
        d.of("contracts.ndjson").removeIf(c -> !changed.contains((String) ((Map<String, Object>) c.get("backend")).get("file"))
                && ((List<Map<String, Object>>) c.get("frontend")).stream().noneMatch(f -> changed.contains((String) f.get("file"))));
        write(d, out);
        try {
            Files.copy(after.resolve("files.ndjson"), out.resolve("files.ndjson"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest's hash of each path, as the importer reads it. */
    private static Map<String, String> manifestHashes(Path dir) {
        Map<String, String> out = new HashMap<>();
        drift.dataset.DatasetReader.manifest(dir, problem -> {
            throw new IllegalStateException(problem.toString());
        }).orElseThrow(() -> new IllegalStateException("no manifest in " + dir)).forEach(f -> out.put(f.path(), f.sha256()));
        return out;
    }

    /** Reads {@code in}, changes {@code fraction} of its files, writes the rescan (with its manifest) to {@code out}. */
    public static void mutate(Path in, Path out, double fraction, long seed) {
        Rows d = read(in);
        mutate(d, fraction, seed);
        write(d, out);
    }

    /**
     * Changes a share of the dataset's files as a day of work changes a codebase: in each chosen file some
     * functions are renamed (their callers elsewhere resolve differently), moved down a line (new ids),
     * removed or added, calls and data access change, locations come and go; a few files vanish whole (with
     * their contracts' backends) and a few new files appear; a few patterns change, vanish or appear.
     */
    @SuppressWarnings("unchecked")
    public static void mutate(Rows d, double fraction, long seed) {
        Random rng = new Random(seed);
        List<Map<String, Object>> funcs = d.of("functions.ndjson");
        List<Map<String, Object>> calls = d.of("calls.ndjson");
        List<Map<String, Object>> access = d.of("data_access.ndjson");
        List<Map<String, Object>> locations = d.of("locations.ndjson");
        List<Map<String, Object>> patterns = d.of("patterns.ndjson");
        List<Map<String, Object>> contracts = d.of("contracts.ndjson");
        Set<String> allFiles = new java.util.TreeSet<>();
        funcs.forEach(f -> allFiles.add((String) f.get("file")));
        locations.forEach(l -> allFiles.add((String) l.get("file")));
        for (Map<String, Object> c : contracts) {
            allFiles.add((String) ((Map<String, Object>) c.get("backend")).get("file"));
            ((List<Map<String, Object>>) c.get("frontend")).forEach(f -> allFiles.add((String) f.get("file")));
        }
        List<String> files = new ArrayList<>(allFiles);
        int n = Math.max(1, (int) Math.round(files.size() * fraction));
        java.util.Collections.shuffle(files, rng);
        Set<String> changed = new HashSet<>(files.subList(0, Math.min(n, files.size())));
        Set<String> vanished = new HashSet<>(files.subList(Math.min(n, files.size()), Math.min(n + Math.max(1, n / 5), files.size())));
        List<String> names = funcs.stream().map(f -> (String) f.get("name")).toList();
        List<String> patternIds = new ArrayList<>(patterns.stream().map(p -> (String) p.get("id")).toList());

        // functions: renamed, moved a line, removed, added; ids change with them
        Map<String, String> newId = new HashMap<>();
        Set<String> removed = new HashSet<>();
        List<Map<String, Object>> added = new ArrayList<>();
        for (Map<String, Object> f : funcs) {
            String file = (String) f.get("file");
            String id = (String) f.get("id");
            if (vanished.contains(file)) {
                removed.add(id);
                continue;
            }
            if (!changed.contains(file)) {
                continue;
            }
            double r = rng.nextDouble();
            if (r < 0.15) {
                removed.add(id);
                continue;
            }
            if (r < 0.45) {
                f.put("name", names.get(rng.nextInt(names.size())));
            }
            if (r < 0.65) {
                int start = ((Number) f.get("start_line")).intValue() + 1;
                f.put("start_line", start);
                f.put("end_line", ((Number) f.get("end_line")).intValue() + 1);
            }
            f.put("is_entry_point", file.startsWith("src/routes/") && rng.nextDouble() < 0.2);
            String id2 = file + ":" + f.get("name") + ":" + f.get("start_line");
            newId.put(id, id2);
            f.put("id", id2);
        }
        Set<String> taken = new HashSet<>();
        funcs.forEach(f -> taken.add((String) f.get("id")));
        for (String file : changed) {
            if (!file.startsWith("src/")) {
                continue;
            }
            String name = pick(rng, WORDS) + capitalize(pick(rng, WORDS)) + rng.nextInt(50);
            int start = 401 + rng.nextInt(100);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("id", file + ":" + name + ":" + start);
            f.put("name", name);
            f.put("file", file);
            f.put("start_line", start);
            f.put("end_line", start + 10);
            f.put("language", "typescript");
            f.put("is_entry_point", file.startsWith("src/routes/"));
            f.put("is_exported", true);
            f.put("is_async", false);
            if (taken.add((String) f.get("id"))) {
                added.add(f);
            }
        }
        // new files
        for (int i = 0; i < Math.max(1, n / 5); i++) {
            String file = String.format("src/services/new%03d/file%05d.ts", seed % 1000, i);
            for (int k = 0; k < 3; k++) {
                String name = names.get(rng.nextInt(names.size()));
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("id", file + ":" + name + ":" + (k * 40 + 1));
                f.put("name", name);
                f.put("file", file);
                f.put("start_line", k * 40 + 1);
                f.put("end_line", k * 40 + 20);
                f.put("language", "typescript");
                f.put("is_entry_point", false);
                f.put("is_exported", true);
                f.put("is_async", false);
                if (taken.add((String) f.get("id"))) {
                    added.add(f);
                }
            }
        }
        // ids that collided after a rename are removed (a file cannot hold two functions with one id)
        Set<String> seen = new HashSet<>();
        funcs.removeIf(f -> removed.contains(f.get("id")) || !seen.add((String) f.get("id")));
        funcs.addAll(added);
        Set<String> live = new HashSet<>();
        funcs.forEach(f -> live.add((String) f.get("id")));
        Map<String, Map<String, Object>> byId = new HashMap<>();
        funcs.forEach(f -> byId.put((String) f.get("id"), f));

        // calls and data access follow their functions; those of changed functions change too
        for (List<Map<String, Object>> rows : List.of(calls, access)) {
            String key = rows == calls ? "caller_id" : "function_id";
            rows.replaceAll(r -> {
                String id = (String) r.get(key);
                if (newId.containsKey(id)) {
                    r.put(key, newId.get(id));
                }
                return r;
            });
            rows.removeIf(r -> !live.contains(r.get(key)));
        }
        for (Map<String, Object> c : calls) {
            Map<String, Object> f = byId.get(c.get("caller_id"));
            if (changed.contains(f.get("file")) && rng.nextDouble() < 0.3) {
                c.put("target", rng.nextDouble() < 0.8 ? names.get(rng.nextInt(names.size())) : pick(rng, EXTERNAL));
            }
        }
        List<String> tables = new ArrayList<>(TABLES.keySet());
        for (Map<String, Object> f : added) {
            for (int k = 0; k < 1 + rng.nextInt(4); k++) {
                calls.add(call((String) f.get("id"), names.get(rng.nextInt(names.size())),
                        ((Number) f.get("start_line")).intValue() + 1 + k));
            }
            if (rng.nextDouble() < 0.3) {
                access.add(dataAccess(rng, (String) f.get("id"), ((Number) f.get("start_line")).intValue(), tables));
            }
        }
        // patterns: a few change, vanish (with their locations) or appear
        Set<String> gonePatterns = new HashSet<>();
        for (Map<String, Object> p : patterns) {
            if (rng.nextDouble() < fraction) {
                p.put("confidence", Math.round(rng.nextDouble() * 10_000) / 10_000.0);
                p.put("description", sentence(rng, 8, 20));
            }
        }
        if (!patterns.isEmpty()) {
            // one pattern vanishes (its locations, in a few files, with it)
            gonePatterns.add((String) patterns.get(rng.nextInt(patterns.size())).get("id"));
        }
        patterns.removeIf(p -> gonePatterns.contains(p.get("id")));
        for (int i = 0; i < Math.max(1, (int) (patterns.size() * fraction / 3)); i++) {
            Map<String, Object> p = new LinkedHashMap<>(patterns.get(rng.nextInt(patterns.size())));
            p.put("id", String.format("pat-new-%d-%05d", seed, i));
            patterns.add(p);
            patternIds.add((String) p.get("id"));
        }
        patternIds.removeAll(gonePatterns);
        locations.removeIf(l -> vanished.contains(l.get("file")) || gonePatterns.contains(l.get("pattern_id"))
                || changed.contains(l.get("file")) && rng.nextDouble() < 0.3);
        for (String file : changed) {
            for (int k = 0; k < 1 + rng.nextInt(3); k++) {
                locations.add(location(rng, patternIds.get(rng.nextInt(patternIds.size())), file));
            }
        }
        // contracts: backends in vanished files go; frontends there are dropped; a few change
        contracts.removeIf(c -> vanished.contains(((Map<String, Object>) c.get("backend")).get("file")));
        for (Map<String, Object> c : contracts) {
            List<Map<String, Object>> fronts = new ArrayList<>((List<Map<String, Object>>) c.get("frontend"));
            fronts.removeIf(f -> vanished.contains(f.get("file")));
            c.put("frontend", fronts);
            if (rng.nextDouble() < fraction) {
                c.put("confidence", Math.round(rng.nextDouble() * 10_000) / 10_000.0);
            }
        }
        d.scan.put("mutation_seed", seed);
    }
}
