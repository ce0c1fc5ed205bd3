package drift.cli;

import drift.cli.command.DriftCommand;
import drift.storage.api.StorageException;
import picocli.CommandLine;

import java.io.PrintWriter;

/** {@code java -p mods -m drift.cli}: runs one command and exits with its code. */
public final class Main {
    private Main() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command in-process (used by tests); returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // HikariCP and Flyway log through SLF4J: only warnings belong on a terminal
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        CommandLine cli = DriftCommand.commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof StorageException se) {
                cmd.getErr().println("drift: " + se.code().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + ": " + se.getMessage());
                return se.code().exitCode();
            }
            if (e instanceof java.io.UncheckedIOException io) {
                String cause = io.getCause() == null ? null : io.getCause().getMessage();
                // (most messages already end with their cause's)
                cmd.getErr().println("drift: i/o error: " + io.getMessage() + (cause == null || io.getMessage().contains(cause) ? "" : ": " + cause));
                return 5;
            }
            cmd.getErr().println("drift: internal error: " + e);
            if (Boolean.getBoolean("drift.debug")) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }
}
