package drift.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code drift callees FUNCTION}: the calls a function makes, resolved or not. */
@Command(name = "callees", mixinStandardHelpOptions = true, description = {"The calls a function makes, each with its kind and "
        + "confidence; calls out of the store with their exact target as 'external'.", FunctionSpec.HELP})
final class CalleesCommand implements Callable<Integer> {
    @Mixin DbOptions db;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "FUNCTION") String function;

    @Override
    public Integer call() {
        output.rows(new NamedQueryRunner().arg("function", function).run(db, "callgraph", "callees"));
        return 0;
    }
}
