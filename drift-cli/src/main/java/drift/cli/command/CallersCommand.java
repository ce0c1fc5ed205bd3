package drift.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code drift callers FUNCTION}: direct callers of a function; {@code --type} or {@code --file}: who calls into one. */
@Command(name = "callers", mixinStandardHelpOptions = true, description = {"Direct callers of a function; or, with --type or --file, "
        + "every call into a type or a file from outside it.", FunctionSpec.HELP})
final class CallersCommand implements Callable<Integer> {
    @Mixin DbOptions db;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "FUNCTION", arity = "0..1") String function;

    @Option(names = "--type", paramLabel = "TYPE", description = "The calls into any function of this type (its id or name: "
            + "Users, com.acme.Users) from outside it, each with the function called.")
    String type;

    @Option(names = "--file", paramLabel = "FILE", description = "The calls into any function of this file (as stored or as in the "
            + "repository) from other files, each with the function called.")
    String file;

    @Override
    public Integer call() {
        int given = (function != null ? 1 : 0) + (type != null ? 1 : 0) + (file != null ? 1 : 0);
        if (given != 1) {
            throw new ParameterException(spec.commandLine(), "give FUNCTION, or --type TYPE, or --file FILE (one of them)");
        }
        NamedQueryRunner q = function != null ? new NamedQueryRunner().arg("function", function)
                : new NamedQueryRunner().arg(type != null ? "type" : "file", type != null ? type : file);
        output.rows(q.run(db, "callgraph", function != null ? "callers" : "incoming"));
        return 0;
    }
}
