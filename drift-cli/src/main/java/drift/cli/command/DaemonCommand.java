package drift.cli.command;

import drift.cli.daemon.QuestionDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code drift daemon}: started by {@code bin/drift} in the background, never by hand (hidden from help). */
@Command(name = "daemon", hidden = true, description = "Answer bin/drift's read-only questions and run its scans from a resident JVM (started by bin/drift).")
final class DaemonCommand implements Callable<Integer> {
    @Option(names = "--state", required = true, paramLabel = "FILE", description = "Where to write 'port token pid' (mode 600).")
    Path state;

    @Option(names = "--idle-seconds", defaultValue = "600", paramLabel = "N", description = "Stop after N seconds without a command.")
    long idleSeconds;

    @Override
    public Integer call() throws Exception {
        QuestionDaemon.serve(state, Duration.ofSeconds(Math.max(1, idleSeconds)), new PrintWriter(System.err, true));
        return 0;
    }
}
