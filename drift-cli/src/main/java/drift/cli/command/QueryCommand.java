package drift.cli.command;

import drift.storage.api.DatabaseManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code drift query DOMAIN NAME [ARG=VALUE...]}: runs any installed domain's named read query. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run a named read query of any installed domain (see `drift domains` for the names).",
                "Example: drift query patterns list category=api limit=5"})
final class QueryCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOMAIN")
    String domain;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Parameters(index = "2..*", paramLabel = "ARG=VALUE", description = "Query arguments.")
    List<String> args = List.of();

    @Override
    public Integer call() {
        Map<String, String> arguments = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "query arguments are NAME=VALUE, got '" + a + "'");
            }
            arguments.put(a.substring(0, eq), a.substring(eq + 1));
        }
        try (DatabaseManager m = db.openRead()) {
            output.rows(m.query(domain, name, arguments));
        }
        return 0;
    }
}
