package drift.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code drift callers FUNCTION}: direct callers of a function. */
@Command(name = "callers", mixinStandardHelpOptions = true, description = {"Direct callers of a function.", FunctionSpec.HELP})
final class CallersCommand implements Callable<Integer> {
    @Mixin DbOptions db;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "FUNCTION") String function;

    @Override
    public Integer call() {
        output.rows(new NamedQueryRunner().arg("function", function).run(db, "callgraph", "callers"));
        return 0;
    }
}
