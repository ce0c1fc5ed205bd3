package drift.cli.command;

import drift.storage.api.DatabaseManager;
import drift.storage.api.RawResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code drift sql QUERY [PARAM...]}: one read-only statement with bound parameters. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run one read-only SQL statement; parameters bind to ?1, ?2... (never pasted into the SQL).",
                "Writes, ATTACH, PRAGMA changes and several statements are refused."})
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

    @Override
    public Integer call() {
        Object[] values = params.stream().map(this::value).toArray();
        RawResult r;
        try (DatabaseManager m = db.openRead()) {
            r = m.executeRaw(sql, values);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < r.columns().size(); i++) {
                map.put(r.columns().get(i), row.get(i));
            }
            rows.add(map);
        }
        output.rows(rows);
        return 0;
    }

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
