package drift.domain.callgraph.internal;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.CallRow;
import drift.domain.callgraph.CallSite;
import drift.domain.callgraph.DataAccessRow;
import drift.domain.callgraph.EdgeKind;
import drift.domain.callgraph.EntryPath;
import drift.domain.callgraph.FieldInfo;
import drift.domain.callgraph.FunctionRow;
import drift.domain.callgraph.Operation;
import drift.domain.callgraph.ReachOptions;
import drift.domain.callgraph.Reachability;
import drift.domain.callgraph.TypeRow;
import drift.domain.callgraph.ReachedAccess;
import drift.storage.api.Fields;
import drift.storage.api.SqlReader;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.DatasetImporter;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.RowFiles;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.TableScope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The call graph domain: schema, batch handlers, importers, resolution after import, named queries, status. */
public final class CallGraphDomain implements StorageDomain {
    /** The domain id, also the prefix of its tables. */
    public static final String ID = "callgraph";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "functions, calls and data access; call resolution, callers, reachability to sensitive data";
    }

    @Override
    public void contribute(DomainRegistrar r) {
        // each dialect's migrations in its own folder; PostgreSQL's version 1 is SQLite's schema after version 5
        String dir = r.dialect().folder() + "/";
        r.migration(Migration.load(getClass()::getResourceAsStream, 1, "functions, calls, data access", dir + "V1__callgraph.sql"));
        r.migration(Migration.load(getClass()::getResourceAsStream, 2, "calls and data access keyed without foreign-key probes",
                dir + "V2__integer_keys.sql"));
        r.migration(Migration.load(getClass()::getResourceAsStream, 3, "candidate counts, unresolved calls by name",
                dir + "V3__resolution_rules.sql"));
        r.migration(Migration.load(getClass()::getResourceAsStream, 4, "exact call targets and edge kinds", dir + "V4__exact_edges.sql"));
        r.migration(Migration.load(getClass()::getResourceAsStream, 5, "unresolved calls by name, by kind", dir + "V5__unresolved_by_kind.sql"));
        r.migration(Migration.load(getClass()::getResourceAsStream, 6, "functions kept in place by the rescan that reports them",
                dir + "V6__kept_functions.sql"));
        r.migration(Migration.load(getClass()::getResourceAsStream, 7, "types, for rescans that follow the type hierarchy",
                dir + "V7__types.sql"));
        r.rows(CallGraphStore.FUNCTION, CallGraphWrites::writeFunctions);
        r.rows(CallGraphStore.TYPE, CallGraphWrites::writeTypes);
        r.rows(CallGraphStore.CALL, CallGraphWrites::writeCalls);
        r.rows(CallGraphStore.DATA_ACCESS, CallGraphWrites::writeDataAccess);
        // a function belongs to its file, and a rescan of the file keeps (in place, with its key) a function it
        // reports again; its calls and data access go with it, and are written again with it whether or not it stays
        r.scope(TableScope.file("callgraph_function", "file"));
        r.scope(TableScope.kept("callgraph_function", "scan_id"));
        r.scope(TableScope.fileOfParent("callgraph_call", "caller_pk", "callgraph_function", "pk"));
        r.scope(TableScope.fileOfParent("callgraph_data_access", "function_pk", "callgraph_function", "pk"));
        r.scope(TableScope.file("callgraph_type", "file"));
        r.beforeRemoval(CallGraphWrites::beforeRemoval);
        r.importer(new DatasetImporter<>("functions.ndjson", 30, CallGraphStore.FUNCTION, f -> new FunctionRow(f.string("id"),
                f.string("name"), f.string("file"), f.integer("start_line"), f.integer("end_line"), f.optString("language"),
                f.bool("is_entry_point", false), f.bool("is_exported", false), f.bool("is_async", false)),
                RowFiles.file("file", FunctionRow::file).withId("id", FunctionRow::id)));
        r.importer(new DatasetImporter<>("types.ndjson", 35, CallGraphStore.TYPE, CallGraphDomain::type,
                RowFiles.file("file", TypeRow::file)));
        r.importer(new DatasetImporter<>("calls.ndjson", 40, CallGraphStore.CALL,
                f -> new CallRow(f.string("caller_id"), f.string("target"), f.integer("line"), f.optString("callee_id"),
                        f.has("kind") ? EdgeKind.parse("kind", f.string("kind")) : null),
                RowFiles.parent(CallGraphStore.FUNCTION, "caller_id", CallRow::callerId)));
        r.importer(new DatasetImporter<>("data_access.ndjson", 50, CallGraphStore.DATA_ACCESS, CallGraphDomain::dataAccess,
                RowFiles.parent(CallGraphStore.FUNCTION, "function_id", DataAccessRow::functionId)));
        // at the end of a scan: everything after a first load, else only what the scan changed
        r.afterImport(w -> (w.scan().isEmpty() || w.scan().get().fresh(ID) ? CallGraphWrites.resolveAll(w)
                : CallGraphWrites.resolvePending(w)).toString());
        r.status(CallGraphReads::status);
        r.clear(CallGraphWrites::clear);
        r.query(new NamedQuery("callers", "direct callers of a function (its id, its name, or Type#name / file:name)", List.of("function"),
                (reader, a) -> CallGraphReads.callers(reader, resolveFunction(reader, a)).stream().map(CallGraphDomain::site).toList()));
        r.query(new NamedQuery("callees", "calls made by a function (named as for callers), resolved or not", List.of("function"),
                (reader, a) -> CallGraphReads.callees(reader, resolveFunction(reader, a)).stream().map(CallGraphDomain::site).toList()));
        r.query(new NamedQuery("incoming", "calls into a type (type=its id or name) or a file (file=) from outside it: each caller, "
                + "line, kind and the function called", List.of("type", "file"), CallGraphDomain::incomingQuery));
        r.query(new NamedQuery("function", "a function by id, the functions a name means (name, Type#name, file:name), or the one containing file:line",
                List.of("id", "name", "file", "line"), CallGraphDomain::functionQuery));
        r.query(new NamedQuery("type", "a type by id, or the types of a file, with its supertypes and its static and abstract methods",
                List.of("id", "file"),
                CallGraphDomain::typeQuery));
        r.query(new NamedQuery("reachable", "data reachable from the function containing file:line (or function=id)",
                List.of("file", "line", "function", "depth", "table", "sensitive"), CallGraphDomain::reachableQuery));
        r.query(new NamedQuery("who-reaches", "entry points that reach a table (optionally one field), one path each",
                List.of("table", "field", "depth"), (reader, a) -> CallGraphReads.whoReaches(reader, required(a, "table"),
                        a.get("field"), depth(a, 1000)).stream().map(CallGraphDomain::entry).toList()));
    }

    private static TypeRow type(Fields f) {
        return new TypeRow(f.string("id"), f.string("file"), TypeRow.Kind.parse("kind", f.string("kind")), optStrings(f, "supertypes"),
                optStrings(f, "static_methods"), optStrings(f, "abstract_methods"));
    }

    private static List<String> optStrings(Fields f, String name) {
        return f.has(name) ? f.strings(name) : List.of();
    }

    private static DataAccessRow dataAccess(Fields f) {
        return new DataAccessRow(f.string("function_id"), f.string("table"), Operation.parse("operation", f.string("operation")),
                f.strings("fields"), f.integer("line"));
    }

    static String required(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null || v.isBlank()) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "argument '" + name + "' is required");
        }
        return v;
    }

    static long number(Map<String, String> a, String name) {
        try {
            return Long.parseLong(required(a, name));
        } catch (NumberFormatException e) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "argument '" + name + "' must be a whole number, was '" + a.get(name) + "'");
        }
    }

    private static int depth(Map<String, String> a, int dflt) {
        return a.get("depth") == null ? dflt : (int) number(a, "depth");
    }

    /** A function argument: an id, a name only one function has, or a qualified name ({@link FunctionNames}). */
    static String resolveFunction(SqlReader r, Map<String, String> a) {
        return FunctionNames.one(r, required(a, "function")).id();
    }

    private static List<Map<String, Object>> incomingQuery(SqlReader r, Map<String, String> a) {
        if ((a.get("type") == null) == (a.get("file") == null)) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "give type, or file");
        }
        List<CallSite> in = a.get("type") != null ? CallGraphReads.callsIntoType(r, FunctionNames.type(r, a.get("type")))
                : CallGraphReads.callsIntoFile(r, FunctionNames.storedFile(r, a.get("file")));
        return in.stream().map(s -> {
            Map<String, Object> m = site(s);
            m.put("callee", s.calleeId());
            return m;
        }).toList();
    }

    private static List<Map<String, Object>> functionQuery(SqlReader r, Map<String, String> a) {
        if (a.get("id") != null) {
            return CallGraphReads.byId(r, a.get("id")).map(f -> List.of(function(f))).orElse(List.of());
        }
        if (a.get("name") != null) {
            // every function the name may mean (a plain name, Type#name, file:name, with parameters): a search answers all
            return FunctionNames.matching(r, a.get("name")).stream().map(CallGraphDomain::function).toList();
        }
        if (a.get("file") != null) {
            // the innermost of nested functions (a lambda in its method), saying of how many
            long line = number(a, "line");
            int containing = CallGraphReads.allContaining(r, a.get("file"), line).size();
            return CallGraphReads.containing(r, a.get("file"), line).map(f -> {
                Map<String, Object> m = function(f);
                m.put("innermost_of", containing);
                return List.of(m);
            }).orElse(List.of());
        }
        throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "give id, name, or file and line");
    }

    private static List<Map<String, Object>> typeQuery(SqlReader r, Map<String, String> a) {
        List<TypeRow> types;
        if (a.get("id") != null) {
            types = CallGraphReads.typeById(r, a.get("id")).map(List::of).orElse(List.of());
        } else if (a.get("file") != null) {
            types = CallGraphReads.typesIn(r, a.get("file"));
        } else {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "give id, or file");
        }
        return types.stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("file", t.file());
            m.put("kind", t.kind().wire());
            m.put("supertypes", t.supertypes());
            m.put("static_methods", t.staticMethods());
            m.put("abstract_methods", t.abstractMethods());
            return m;
        }).toList();
    }

    private static List<Map<String, Object>> reachableQuery(SqlReader r, Map<String, String> a) {
        ReachOptions o = new ReachOptions(depth(a, 100), a.get("table"), Boolean.parseBoolean(a.getOrDefault("sensitive", "false")));
        Reachability reach;
        if (a.get("function") != null) {
            reach = CallGraphReads.reachFrom(r, resolveFunction(r, a), o).orElseThrow();
        } else {
            String file = required(a, "file");
            long line = number(a, "line");
            reach = CallGraphReads.reachFromLine(r, file, line, o).orElseThrow(() -> new StorageException(StorageErrorCode.NOT_FOUND,
                    "no function contains " + file + ":" + line));
        }
        return reach.access().stream().map(x -> access(reach, x)).toList();
    }

    static Map<String, Object> function(FunctionRow f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("name", f.name());
        m.put("file", f.file());
        m.put("start_line", f.startLine());
        m.put("end_line", f.endLine());
        m.put("language", f.language());
        m.put("entry_point", f.entryPoint());
        m.put("exported", f.exported());
        m.put("async", f.async());
        return m;
    }

    private static Map<String, Object> site(CallSite s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("function", s.function() == null ? null : s.function().id());
        m.put("target", s.target());
        m.put("file", s.function() == null ? null : s.function().file());
        m.put("line", s.line());
        m.put("confidence", s.confidence());
        m.put("kind", s.kind().wire());
        if (s.function() == null && s.calleeId() != null) {
            m.put("external", s.calleeId());
        }
        return m;
    }

    private static Map<String, Object> access(Reachability reach, ReachedAccess x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", reach.start().id());
        m.put("function", x.functionId());
        m.put("table", x.table());
        m.put("operation", x.operation().wire());
        m.put("fields", x.fields().stream().map(CallGraphDomain::field).toList());
        m.put("line", x.line());
        m.put("depth", x.path().size() - 1);
        m.put("path", x.path());
        m.put("reached_functions", reach.reachedFunctions());
        return m;
    }

    private static String field(FieldInfo f) {
        return f.sensitivity() == null ? f.name() : f.name() + " (" + f.sensitivity().wire() + ")";
    }

    private static Map<String, Object> entry(EntryPath e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entry_point", e.entryPoint().id());
        m.put("file", e.entryPoint().file());
        m.put("hops", e.path().size() - 1);
        m.put("path", e.path());
        return m;
    }
}
