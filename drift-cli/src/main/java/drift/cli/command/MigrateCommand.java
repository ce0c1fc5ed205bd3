package drift.cli.command;

import drift.storage.api.DatabaseManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code drift migrate}: creates the store if needed and brings every installed domain's schema up to date. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Create the store if needed and migrate every installed domain's schema; print the versions.")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        try (DatabaseManager m = db.openWrite(true)) {
            output.rows(DomainsCommand.rows(m.domains()));
        }
        return 0;
    }
}
