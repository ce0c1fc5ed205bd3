package drift.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code drift who-reaches TABLE[.FIELD]}: entry points that reach some data. */
@Command(name = "who-reaches", mixinStandardHelpOptions = true,
        description = "Entry points that can reach a table (or one of its fields), with one call path each.")
final class WhoReachesCommand implements Callable<Integer> {
    @Mixin DbOptions db;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "TABLE[.FIELD]") String target;

    @Override
    public Integer call() {
        int dot = target.indexOf('.');
        NamedQueryRunner q = new NamedQueryRunner().arg("table", dot < 0 ? target : target.substring(0, dot))
                .arg("field", dot < 0 ? null : target.substring(dot + 1));
        output.rows(q.run(db, "callgraph", "who-reaches"));
        return 0;
    }
}
