package drift.cli.command;

import drift.storage.api.DatabaseManager;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * A person's review of several items of a domain ({@code drift patterns approve}, {@code drift contracts verify}...):
 * every id given, all or none, in one transaction of the domain's store; each printed with the status it had.
 *
 * @param <S> the domain's status type
 */
abstract class ReviewCommand<S> implements Callable<Integer> {
    @Mixin DbOptions db;
    @Parameters(paramLabel = "ID", arity = "1..*") List<String> ids;
    @Spec CommandSpec spec;

    private final S target;
    private final Function<S, String> wire;

    ReviewCommand(S target, Function<S, String> wire) {
        this.target = target;
        this.wire = wire;
    }

    /** Gives every id the status {@code to} in one transaction, all or none; returns what each had, in order. */
    abstract Map<String, S> review(DatabaseManager m, List<String> ids, S to);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DatabaseManager m = db.openWrite(false)) {
            review(m, ids, target).forEach((id, was) -> out.println(id + ": " + wire.apply(was) + " -> " + wire.apply(target)));
        }
        out.flush();
        return 0;
    }
}
