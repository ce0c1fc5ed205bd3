package drift.cli.command;

import drift.storage.api.DatabaseManager;
import drift.cli.output.Output;
import drift.storage.api.RawRowSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code drift sql QUERY [PARAM...]}: one read-only statement with bound parameters. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run one read-only SQL statement; parameters bind to ?1, ?2... (never pasted into the SQL).",
                "Writes, ATTACH, PRAGMA changes and several statements are refused.",
                "Rows stream to the output as they are read (--limit caps them); text that starts with '-' is the query or a "
                        + "parameter, never an option (-- ends the options too)."})
final class SqlCommand implements Callable<Integer> {
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+\\.[0-9]+([eE][-+]?[0-9]+)?");

    @Mixin
    DbOptions db;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "QUERY")
    String sql;

    @Parameters(index = "1..*", paramLabel = "PARAM", description = "Parameters; numbers bind as numbers unless --text.")
    List<String> params = List.of();

    @Option(names = "--text", description = "Bind every parameter as text.")
    boolean text;

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows (default: every row).")
    Long limit;

    @Override
    public Integer call() {
        if (limit != null && limit < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must not be negative, was " + limit);
        }
        List<Object> values = params.stream().map(this::value).toList();
        java.io.PrintWriter out = spec.commandLine().getOut();
        Output.Stream[] stream = {null};
        boolean[] capped = {false};
        try (DatabaseManager m = db.openRead()) {
            m.streamRaw(sql, values, new RawRowSink() {
                @Override
                public void columns(List<String> names) {
                    stream[0] = new Output.Stream(out, names, output.json);
                }

                @Override
                public boolean row(List<Object> row) {
                    if (limit != null && stream[0] != null && rowsWritten >= limit) {
                        capped[0] = true;
                        return false;
                    }
                    rowsWritten++;
                    return stream[0].row(row);
                }
            });
        }
        long n = stream[0] == null ? 0 : stream[0].end();
        if (capped[0]) {
            spec.commandLine().getErr().println("drift: the first " + n + " rows printed (--limit); the query has more");
        }
        return 0;
    }

    private long rowsWritten;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private Object value(String p) {
        if (!text && INTEGER.matcher(p).matches()) {
            return Long.parseLong(p);
        }
        if (!text && DECIMAL.matcher(p).matches()) {
            return Double.parseDouble(p);
        }
        return p;
    }
}
