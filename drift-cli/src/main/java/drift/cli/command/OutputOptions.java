package drift.cli.command;

import drift.cli.output.Output;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The {@code --json} option of read commands, and printing in either form. */
public final class OutputOptions {
    @Option(names = "--json", description = "Print JSON (for scripts) instead of a table.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Rows as a table, or as one JSON array. */
    void rows(List<? extends Map<String, ?>> rows) {
        if (json) {
            out().println(Output.json(rows));
            out().flush();
        } else {
            Output.table(out(), rows);
        }
    }

    /** A report as indented lines, or as one JSON object. */
    void report(Map<String, ?> report) {
        if (json) {
            out().println(Output.json(report));
            out().flush();
        } else {
            Output.tree(out(), report, 0);
        }
    }
}
