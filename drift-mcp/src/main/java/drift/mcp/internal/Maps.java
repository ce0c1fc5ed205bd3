package drift.mcp.internal;

import drift.domain.callgraph.CallSite;
import drift.domain.callgraph.EntryPath;
import drift.domain.callgraph.FieldInfo;
import drift.domain.callgraph.FunctionRow;
import drift.domain.callgraph.ReachedAccess;
import drift.domain.callgraph.ReachedFunction;
import drift.domain.contracts.Contract;
import drift.domain.contracts.ContractRow;
import drift.domain.contracts.FrontendCall;
import drift.domain.contracts.Mismatch;
import drift.domain.contracts.ResponseField;
import drift.domain.patterns.LocationRow;
import drift.domain.patterns.Pattern;
import drift.domain.patterns.PatternRow;
import drift.storage.api.ScanInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The library's records as the plain JSON values of answers (snake_case keys, enums in their stored form). */
final class Maps {
    private Maps() {
    }

    static Map<String, Object> function(FunctionRow f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("name", f.name());
        m.put("file", f.file());
        m.put("start_line", f.startLine());
        m.put("end_line", f.endLine());
        if (f.entryPoint()) {
            m.put("entry_point", true);
        }
        return m;
    }

    static Map<String, Object> callSite(CallSite c, boolean caller) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (c.function() != null) {
            m.put(caller ? "caller" : "callee", c.function().id());
            m.put("file", c.function().file());
            if (c.function().entryPoint()) {
                m.put("entry_point", true);
            }
        } else {
            m.put("callee", null);
            m.put("external_id", c.calleeId());
        }
        m.put("call_line", c.line());
        m.put("target", c.target());
        m.put("kind", c.kind().wire());
        m.put("confidence", c.confidence());
        return m;
    }

    static Map<String, Object> reached(ReachedFunction r) {
        Map<String, Object> m = function(r.function());
        m.put("depth", r.depth());
        m.put("path", r.path());
        return m;
    }

    static Map<String, Object> access(ReachedAccess a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table", a.table());
        m.put("operation", a.operation().wire());
        m.put("fields", a.fields().stream().map(Maps::field).toList());
        m.put("function", a.functionId());
        m.put("line", a.line());
        m.put("sensitive", a.sensitive());
        m.put("path", a.path());
        return m;
    }

    static Map<String, Object> field(FieldInfo f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        if (f.sensitivity() != null) {
            m.put("sensitivity", f.sensitivity().name().toLowerCase(Locale.ROOT));
        }
        return m;
    }

    static Map<String, Object> entryPath(EntryPath e) {
        Map<String, Object> m = function(e.entryPoint());
        m.remove("entry_point");
        m.put("hops", e.path().size() - 1);
        m.put("path", e.path());
        return m;
    }

    static Map<String, Object> pattern(Pattern p, boolean withText) {
        PatternRow r = p.row();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("category", r.category().wire());
        m.put("status", r.status().wire());
        m.put("confidence", r.confidence());
        m.put("severity", r.severity() == null ? null : r.severity().wire());
        if (withText) {
            m.put("description", r.description());
            m.put("detector", r.detector());
            m.put("first_seen", r.firstSeen());
            m.put("last_seen", r.lastSeen());
            m.put("status_changed_at", p.statusChangedAt());
            m.put("approved_at", p.approvedAt());
        }
        return m;
    }

    static Map<String, Object> location(LocationRow l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", l.outlier() ? "outlier" : "location");
        m.put("file", l.file());
        m.put("line", l.line());
        m.put("column", l.column());
        if (l.endLine() != null) {
            m.put("end_line", l.endLine());
        }
        if (l.outlier()) {
            m.put("reason", l.reason());
            m.put("deviation_score", l.deviationScore());
        }
        return m;
    }

    static Map<String, Object> contract(Contract c) {
        ContractRow r = c.row();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("method", r.method().name());
        m.put("endpoint", r.endpoint());
        m.put("status", r.status().wire());
        m.put("confidence", r.confidence());
        m.put("reviewed", c.reviewed());
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("file", r.backend().file());
        backend.put("line", r.backend().line());
        backend.put("framework", r.backend().framework());
        backend.put("response_fields", fields(r.backend().responseFields()));
        backend.put("request_fields", fields(r.backend().requestFields()));
        m.put("backend", backend);
        m.put("frontend", r.frontend().stream().map(Maps::frontend).toList());
        m.put("mismatches", r.mismatches().stream().map(Maps::mismatch).toList());
        return m;
    }

    private static Map<String, Object> frontend(FrontendCall f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", f.file());
        m.put("line", f.line());
        m.put("library", f.library());
        m.put("response_fields", fields(f.responseFields()));
        return m;
    }

    private static List<Object> fields(List<ResponseField> fields) {
        return fields.stream().map(f -> (Object) (f.name() + ": " + f.type() + (f.optional() ? "?" : "") + (f.nullable() ? " | null" : "")))
                .toList();
    }

    static Map<String, Object> mismatch(Mismatch x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", x.fieldPath());
        m.put("type", x.type().wire());
        m.put("severity", x.severity().wire());
        m.put("description", x.description());
        return m;
    }

    static Map<String, Object> scan(ScanInfo s) {
        return s.toMap();
    }
}
