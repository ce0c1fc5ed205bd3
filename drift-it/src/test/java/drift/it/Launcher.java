package drift.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bin/drift} run as a user runs it: from a folder, nothing on its input, with this build's modules and this test's Java. */
final class Launcher {
    private Launcher() {
    }

    /**
     * Runs {@code bin/drift args} in {@code cwd} (its output kept in files of {@code outDir}), with the environment
     * changed by {@code env} (a null value removes the variable), and waits for it.
     */
    static JavaProcess.Result run(Path cwd, Path outDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(outDir, "out", ".txt");
        Path err = Files.createTempFile(outDir, "err", ".txt");
        List<String> cmd = new ArrayList<>();
        cmd.add(Build.root().resolve("bin/drift").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("DRIFT_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("DRIFT_MODS", Build.mods().toString());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bin/drift " + String.join(" ", args) + " ended");
        return new JavaProcess.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** {@code base}, then {@code more} over it. */
    static Map<String, String> env(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.putAll(more);
        return all;
    }
}
