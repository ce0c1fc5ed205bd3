package drift.mcp.internal;

import drift.storage.api.RawRowSink;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code sql}: one read-only statement, behind the same guard as {@code drift sql}. */
final class SqlTool implements DriftTool {
    @Override
    public String name() {
        return "sql";
    }

    @Override
    public String description() {
        return "Run one read-only SQL statement (SQLite) on the store, for questions no other tool answers. Parameters bind to "
                + "?1, ?2… (never paste values into the text). Writes, ATTACH, PRAGMA changes and several statements are "
                + "refused; a statement over the time budget is stopped. Rows are paged. Tables: patterns_pattern, "
                + "patterns_location, callgraph_function, callgraph_call, callgraph_data_access, contracts_contract, drift_scan "
                + "and the other tables of installed domains (SELECT name FROM sqlite_schema WHERE type = 'table').";
    }

    @Override
    public Schema schema() {
        return Schema.object().string("query", "One SELECT (or WITH … SELECT, or EXPLAIN) statement.", true)
                .values("params", "Values for ?1, ?2… in order.")
                .paged(50);
    }

    @Override
    public Answer call(Call call) {
        String sql = call.args().string("query");
        List<Object> params = call.args().values("params");
        List<String> columns = new ArrayList<>();
        return call.pager().page(50, () -> {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("columns", columns);
            return head;
        }, (offset, max) -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            boolean[] more = {false};
            long[] seen = {0};
            columns.clear();
            call.store().db().streamRaw(sql, params, new RawRowSink() {
                @Override
                public void columns(List<String> names) {
                    columns.addAll(names);
                }

                @Override
                public boolean row(List<Object> values) {
                    if (seen[0]++ < offset) {
                        return true;
                    }
                    if (rows.size() == max) {
                        more[0] = true;
                        return false;
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        Object v = values.get(i);
                        row.put(columns.get(i), v instanceof byte[] b ? "base64:" + Base64.getEncoder().encodeToString(b) : v);
                    }
                    rows.add(row);
                    return true;
                }
            });
            return new Pager.Slice(rows, more[0], null);
        }, h -> String.join("\t", columns), m -> m.values().stream().map(String::valueOf).collect(Collectors.joining("\t")));
    }
}
