package drift.storage.sqlite.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test sources on the test class path, with its output read
 * line by line on a thread of its own, so that waiting for a line has a (generous) limit and lines
 * printed just before a kill are still read.
 */
final class Jvm implements AutoCloseable {
    /** Longest wait for one line: generous, so a loaded machine never fails a test, yet no test hangs. */
    static final long LINE_TIMEOUT_SECONDS = 120;
    private static final String EOF = "\0EOF";

    final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private boolean ended;

    private Jvm(Process process) {
        this.process = process;
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone; EOF below
            }
            lines.add(EOF);
        }, "jvm-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code main} with {@code args}; its standard error goes to {@code stderr}. */
    static Jvm start(Path stderr, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", main.getName()));
        command.addAll(List.of(args));
        return new Jvm(new ProcessBuilder(command).redirectError(stderr.toFile()).start());
    }

    /** The next line, or null once the process has ended and every line was read. */
    String next() throws InterruptedException {
        if (ended) {
            return null;
        }
        String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("no output from the child JVM within " + LINE_TIMEOUT_SECONDS + " s; so far: " + seen);
        }
        if (line.equals(EOF)) {
            ended = true;
            return null;
        }
        seen.add(line);
        return line;
    }

    /** Reads lines until one starts with {@code prefix}; fails if the process ends first. */
    String await(String prefix) throws InterruptedException {
        String line;
        while ((line = next()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the child JVM ended without printing '" + prefix + "...'; its output: " + seen);
    }

    /** Every line until the process ends. */
    List<String> rest() throws InterruptedException {
        List<String> out = new ArrayList<>();
        String line;
        while ((line = next()) != null) {
            out.add(line);
        }
        return out;
    }

    /** Every line read so far. */
    List<String> seen() {
        return List.copyOf(seen);
    }

    /** Sends one line to the process's standard input. */
    void send(String line) throws IOException {
        Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        in.write(line + "\n");
        in.flush();
    }

    /**
     * SIGKILL, as {@code kill -9} (and {@link Process#destroyForcibly()}) sends; through the process handle,
     * which unlike {@code Process.destroyForcibly} leaves our end of the pipe open, so acknowledgements
     * printed just before the kill are still read.
     */
    void kill() {
        process.toHandle().destroyForcibly();
    }

    /** Waits for the process to end and returns its exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not end within " + LINE_TIMEOUT_SECONDS + " s");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
