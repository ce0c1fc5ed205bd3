package drift.it;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.EntryPath;
import drift.domain.callgraph.ReachOptions;
import drift.domain.callgraph.Reachability;
import drift.domain.patterns.PatternQuery;
import drift.domain.patterns.PatternStore;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RawResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a store answers, in a form that depends only on its content, never on its keys or on the
 * order rows were written in: two stores with equal dumps give every user the same answers. Reads through
 * the public API (status, reachability, who-reaches, search) and the read-only SQL of {@code drift sql}
 * (every row of every domain table, joined to ids instead of keys).
 */
final class StoreDump {
    private StoreDump() {
    }

    /** The dump of the store at {@code db}, section by section. */
    static Map<String, List<String>> of(Path db) {
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.builder(db).readOnly(true).createIfMissing(false).build())) {
            return of(m);
        }
    }

    static Map<String, List<String>> of(DatabaseManager m) {
        Map<String, List<String>> d = new LinkedHashMap<>();
        m.status().sections().forEach((k, v) -> d.put("status " + k, List.of(new TreeMap<>(v).toString())));
        d.put("patterns", rows(m, "SELECT id, name, category, status, confidence, severity, description, detector, first_seen, "
                + "last_seen, status_changed_at, approved_at FROM patterns_pattern ORDER BY id"));
        d.put("locations", rows(m, "SELECT p.id, l.file, l.line, l.col, l.end_line, l.end_col, l.is_outlier, l.reason, "
                + "l.deviation_score FROM patterns_location l JOIN patterns_pattern p ON p.pk = l.pattern_pk ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9"));
        d.put("functions", rows(m, "SELECT id, name, file, start_line, end_line, language, is_entry_point, is_exported, is_async, "
                + "has_data_access FROM callgraph_function ORDER BY id"));
        d.put("calls", rows(m, "SELECT f.id, c.line, c.target, g.id, c.confidence, c.candidates, c.kind, s.id FROM callgraph_call c "
                + "JOIN callgraph_function f ON f.pk = c.caller_pk LEFT JOIN callgraph_function g ON g.pk = c.callee_pk "
                + "LEFT JOIN callgraph_symbol s ON s.pk = c.callee_sym ORDER BY 1, 2, 3, 4, 5, 6, 7, 8"));
        d.put("types", rows(m, "SELECT id, file, kind, supertypes, static_methods, abstract_methods FROM callgraph_type ORDER BY id"));
        d.put("data access", rows(m, "SELECT f.id, a.table_name, a.operation, a.fields, a.line FROM callgraph_data_access a "
                + "JOIN callgraph_function f ON f.pk = a.function_pk ORDER BY 1, 2, 3, 4, 5"));
        d.put("contracts", rows(m, "SELECT id, method, endpoint, status, confidence, backend_file, backend_line, backend_framework, "
                + "status_changed_at, verified_at FROM contracts_contract ORDER BY id"));
        d.put("frontend calls", rows(m, "SELECT c.id, f.position, f.file, f.line, f.library FROM contracts_frontend f "
                + "JOIN contracts_contract c ON c.pk = f.contract_pk ORDER BY 1, 2"));
        d.put("contract fields", rows(m, "SELECT c.id, f.position, f.name, f.type, f.optional, f.nullable FROM contracts_field f "
                + "JOIN contracts_contract c ON c.pk = f.contract_pk ORDER BY 1, 2, 3, 4, 5, 6"));
        d.put("mismatches", rows(m, "SELECT c.id, x.field_path, x.mismatch_type, x.description, x.severity FROM contracts_mismatch x "
                + "JOIN contracts_contract c ON c.pk = x.contract_pk ORDER BY 1, 2, 3, 4, 5"));
        d.put("files", rows(m, "SELECT domain, path, sha256, size, language, interface_sha256 FROM drift_file ORDER BY 1, 2"));

        CallGraphStore cg = CallGraphStore.of(m);
        List<String> reach = new ArrayList<>();
        for (String entry : cg.entryPoints(Integer.MAX_VALUE)) {
            Reachability r = cg.getReachableDataFrom(entry, ReachOptions.DEFAULT).orElseThrow();
            reach.add(entry + " reaches " + r.reachedFunctions() + ": " + r.access());
        }
        d.put("reachability", reach);
        List<String> who = new ArrayList<>();
        for (String table : List.of("users", "patients", "payments", "sessions", "audit_log", "orders")) {
            for (EntryPath e : cg.whoReaches(table, null)) {
                who.add(table + " <- " + e.entryPoint().id() + " via " + e.path());
            }
        }
        who.add("patients.ssn <- " + cg.whoReaches("patients", "ssn").stream().map(EntryPath::path).toList());
        d.put("who reaches", who);
        PatternStore ps = PatternStore.of(m);
        List<String> search = new ArrayList<>();
        for (String text : List.of("auth token", "retry cache", "payment", "schema validation")) {
            search.add(text + ": " + ps.searchPatterns(text, PatternQuery.builder().limit(20).build()).stream()
                    .map(p -> p.id() + "/" + p.row().status()).toList());
        }
        d.put("search", search);
        return d;
    }

    private static List<String> rows(DatabaseManager m, String sql) {
        RawResult r = m.executeRaw(sql);
        List<String> out = new ArrayList<>(r.rows().size());
        r.rows().forEach(row -> out.add(row.toString()));
        return out;
    }

    /** The first difference between two dumps, or null when they are equal. */
    static String difference(Map<String, List<String>> a, Map<String, List<String>> b) {
        if (!a.keySet().equals(b.keySet())) {
            return "sections " + a.keySet() + " vs " + b.keySet();
        }
        for (String k : a.keySet()) {
            List<String> x = a.get(k);
            List<String> y = b.get(k);
            for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
                String l = i < x.size() ? x.get(i) : "(none)";
                String r = i < y.size() ? y.get(i) : "(none)";
                if (!l.equals(r)) {
                    return k + " (" + x.size() + " vs " + y.size() + " lines), line " + i + ":\n  " + l + "\n  " + r;
                }
            }
        }
        return null;
    }
}
