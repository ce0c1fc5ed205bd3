package drift.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real JVM process on a module path and captures what it prints. */
final class JavaProcess {
    private JavaProcess() {
    }

    /** The outcome of one process. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** {@code java -p modulePath -m module args...} in {@code cwd}. */
    static Result run(Path cwd, String modulePath, String module, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java().toString(), "-p", modulePath, "-m", module));
        cmd.addAll(List.of(args));
        return exec(cwd, cmd);
    }

    static Result exec(Path cwd, List<String> cmd) {
        try {
            Path out = Files.createTempFile("drift-out", ".txt");
            Path err = Files.createTempFile("drift-err", ".txt");
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
