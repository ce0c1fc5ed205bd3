package drift.cli.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code drift reachable FILE:LINE}: the data reachable from the function containing that line. */
@Command(name = "reachable", mixinStandardHelpOptions = true,
        description = "Data reachable through resolved calls from the function containing FILE:LINE, with one call path each.")
final class ReachableCommand implements Callable<Integer> {
    @Mixin DbOptions db;
    @Mixin OutputOptions output;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "FILE:LINE") String where;
    @Option(names = "--depth", defaultValue = "100", description = "calls to follow (default: ${DEFAULT-VALUE})") int depth;
    @Option(names = "--table", description = "only this table") String table;
    @Option(names = "--sensitive-only", description = "only access to credential, financial, health or PII fields") boolean sensitive;
    @Option(names = "--limit", description = "rows to print (default: 100 in a table, every row with --json)") Integer limitOption;

    @Override
    public Integer call() {
        int limit = limitOption != null ? limitOption : output.json ? Integer.MAX_VALUE : 100;
        int colon = where.lastIndexOf(':');
        if (colon <= 0 || !where.substring(colon + 1).matches("\\d+")) {
            throw new ParameterException(spec.commandLine(), "expected FILE:LINE, got '" + where + "'");
        }
        String file = where.substring(0, colon);
        String line = where.substring(colon + 1);
        List<Map<String, Object>> rows = new NamedQueryRunner().arg("file", file).arg("line", line)
                .arg("depth", depth).arg("table", table).arg("sensitive", sensitive).run(db, "callgraph", "reachable");
        if (!output.json) {
            // which function the line picked: said, never silent, when it is the innermost of nested ones
            List<Map<String, Object>> at = new NamedQueryRunner().arg("file", file).arg("line", line).run(db, "callgraph", "function");
            if (!at.isEmpty()) {
                long of = ((Number) at.get(0).get("innermost_of")).longValue();
                spec.commandLine().getOut().println("from " + at.get(0).get("id") + (of > 1 ? " (the innermost of " + of
                        + " nested functions at " + where + ")" : ""));
            }
            spec.commandLine().getOut().println((rows.isEmpty() ? "no data access reachable" : rows.get(0).get("reached_functions")
                    + " functions reachable; " + rows.size() + " data access" + (rows.size() > limit ? " (first " + limit + " shown)" : "")));
            List<Map<String, Object>> brief = new ArrayList<>();
            for (Map<String, Object> r : rows.subList(0, Math.min(limit, rows.size()))) {
                Map<String, Object> m = new LinkedHashMap<>(r);
                m.remove("reached_functions");
                m.remove("start");
                m.put("path", String.join(" -> ", ((List<?>) r.get("path")).stream().map(String::valueOf).toList()));
                brief.add(m);
            }
            output.rows(brief);
            return 0;
        }
        if (rows.size() > limit) {
            // said, never silent: a script asked for a cut
            spec.commandLine().getErr().println("drift: " + rows.size() + " data access reachable; the first " + limit + " printed (--limit)");
        }
        output.rows(rows.subList(0, Math.min(limit, rows.size())));
        return 0;
    }
}
