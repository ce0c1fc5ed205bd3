package drift.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level {@code drift} command. */
@Command(name = "drift", mixinStandardHelpOptions = true, versionProvider = DriftCommand.Version.class,
        description = "Drift's code-intelligence store: import scans, query patterns, the call graph and API contracts.",
        subcommands = {ImportCommand.class, ScanCommand.class, StatusCommand.class, ScansCommand.class, PatternsCommand.class, CallersCommand.class, CalleesCommand.class,
                ReachableCommand.class, WhoReachesCommand.class, ContractsCommand.class,
                QueryCommand.class, McpCommand.class, CheckCommand.class,
                SqlCommand.class, DomainsCommand.class, MigrateCommand.class, BackupCommand.class, CheckpointCommand.class,
                picocli.CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:internal error", "2:usage error or invalid argument", "3:not found",
                "4:bad data (rejected rows)", "5:database error (not a drift database, too new, locked, busy, I/O)",
                "6:query refused or interrupted", "130:interrupted (Ctrl-C): nothing of the command's scan was stored"})
public final class DriftCommand {
    /** The version from the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DriftCommand.class.getPackage().getImplementationVersion();
            return new String[] {"drift " + (v == null ? "(development build)" : v) + ", Java " + Runtime.version()};
        }
    }
}
