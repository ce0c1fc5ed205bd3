package drift.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level {@code drift} command. */
@Command(name = "drift", mixinStandardHelpOptions = true, versionProvider = DriftCommand.Version.class,
        description = "Drift's code-intelligence store: import scans, query patterns, the call graph and API contracts.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:internal error", "2:usage error or invalid argument", "3:not found",
                "4:bad data (rejected rows)", "5:database error (not a drift database, too new, locked, busy, disk full, I/O, read-only)",
                "6:query refused or interrupted", "130:interrupted (Ctrl-C): nothing of the command's scan was stored"})
public final class DriftCommand {
    /**
     * The subcommands, in the order help lists them. They are added to the command line by {@link #commandLine}:
     * the one a command runs alone (picocli reads each added command's annotations by reflection, which is most of
     * what a CLI command costs before it opens the store), every one for help, a typo or no command at all.
     */
    static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("import", ImportCommand::new);
        m.put("scan", ScanCommand::new);
        m.put("status", StatusCommand::new);
        m.put("scans", ScansCommand::new);
        m.put("patterns", PatternsCommand::new);
        m.put("callers", CallersCommand::new);
        m.put("callees", CalleesCommand::new);
        m.put("reachable", ReachableCommand::new);
        m.put("who-reaches", WhoReachesCommand::new);
        m.put("contracts", ContractsCommand::new);
        m.put("query", QueryCommand::new);
        m.put("mcp", McpCommand::new);
        m.put("check", CheckCommand::new);
        m.put("sql", SqlCommand::new);
        m.put("domains", DomainsCommand::new);
        m.put("migrate", MigrateCommand::new);
        m.put("backup", BackupCommand::new);
        m.put("checkpoint", CheckpointCommand::new);
        m.put("daemon", DaemonCommand::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The command line for {@code args}: with only the subcommand they name, or with every one. */
    public static picocli.CommandLine commandLine(String[] args) {
        picocli.CommandLine cli = new picocli.CommandLine(new DriftCommand());
        String first = args.length == 0 ? null : args[0];
        if (first != null && SUBCOMMANDS.containsKey(first)) {
            cli.addSubcommand(first, SUBCOMMANDS.get(first).get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
            cli.addSubcommand("help", new picocli.CommandLine.HelpCommand());
        }
        picocli.CommandLine sql = cli.getSubcommands().get("sql");
        if (sql != null) {
            // SQL text and parameters may start with '-' (a comment, a negative number): never an option of drift sql
            sql.setUnmatchedOptionsArePositionalParams(true);
        }
        return cli;
    }

    /** The version from the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DriftCommand.class.getPackage().getImplementationVersion();
            return new String[] {"drift " + (v == null ? "(development build)" : v) + ", Java " + Runtime.version()};
        }
    }
}
