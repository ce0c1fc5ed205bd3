package drift.domain.callgraph;

import drift.domain.callgraph.internal.CallGraphReads;
import drift.domain.callgraph.internal.CallGraphWrites;
import drift.domain.callgraph.internal.FunctionNames;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RowType;
import drift.storage.api.ScanRequest;
import drift.storage.api.ScanSession;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Typed access to the call graph domain of an open drift database. Inserts go through the batch writer
 * (commit with {@code db.batch().flushAndWait()}); resolution and file replacement run on the writer
 * thread after everything submitted before them; reads run on the read pool.
 */
public final class CallGraphStore {
    /** Rows of functions.ndjson. */
    public static final RowType<FunctionRow> FUNCTION = RowType.of("callgraph", "function", FunctionRow.class);
    /** Rows of calls.ndjson. */
    public static final RowType<CallRow> CALL = RowType.of("callgraph", "call", CallRow.class);
    /** Rows of data_access.ndjson. */
    public static final RowType<DataAccessRow> DATA_ACCESS = RowType.of("callgraph", "data_access", DataAccessRow.class);

    /** Rows of types.ndjson. */
    public static final RowType<TypeRow> TYPE = RowType.of("callgraph", "type", TypeRow.class);

    /** The domain id. */
    public static final String DOMAIN = "callgraph";

    private final DatabaseManager db;

    private CallGraphStore(DatabaseManager db) {
        this.db = db;
    }

    /** The call graph domain of {@code db}; fails when it is not installed. */
    public static CallGraphStore of(DatabaseManager db) {
        Objects.requireNonNull(db, "db");
        if (!db.hasDomain("callgraph")) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "the call graph domain is not installed (drift.domain.callgraph)");
        }
        return new CallGraphStore(db);
    }

    /** Submits functions as one batch; ids must be new. */
    public void insertFunctions(Collection<FunctionRow> rows) {
        db.batch().addAll(FUNCTION, rows);
    }

    /** Submits call sites as one batch; callers must exist (or come earlier in the queue). */
    public void insertCalls(Collection<CallRow> rows) {
        db.batch().addAll(CALL, rows);
    }

    /** Submits data access as one batch; functions must exist (or come earlier in the queue). */
    public void insertDataAccess(Collection<DataAccessRow> rows) {
        db.batch().addAll(DATA_ACCESS, rows);
    }

    /** Submits types as one batch; ids must be new (a rescan of a type's file removes it first). */
    public void insertTypes(Collection<TypeRow> rows) {
        db.batch().addAll(TYPE, rows);
    }

    /** Resolves every unresolved call (after everything submitted before), in one transaction. */
    public Resolution resolveCalls() {
        return db.write(CallGraphWrites::resolveAll);
    }

    /**
     * Replaces one file's functions with their calls and data access: a merge scan of that one file (it is
     * recorded in the scan history), which removes what the store held for the file and re-resolves only the
     * calls the change can affect, all in one transaction.
     */
    public Resolution replaceFile(String file, List<FunctionRow> functions, List<CallRow> calls, List<DataAccessRow> dataAccess) {
        for (int i = 0; i < functions.size(); i++) {
            if (!functions.get(i).file().equals(file)) {
                throw new drift.storage.api.RowRejectedException(i, "file", "function '" + functions.get(i).id() + "' is in "
                        + functions.get(i).file() + ", not in the replaced file " + file);
            }
        }
        try (ScanSession scan = db.beginScan(ScanRequest.merge(file).withDomains(Set.of(DOMAIN)))) {
            scan.file(file);
            scan.add(FUNCTION, functions);
            scan.add(CALL, calls);
            scan.add(DATA_ACCESS, dataAccess);
            Resolution r = scan.write(CallGraphWrites::resolvePendingChanges);
            scan.commit();
            return r;
        }
    }

    /** A function by id. */
    public Optional<FunctionRow> getFunction(String id) {
        return db.read(r -> CallGraphReads.byId(r, id));
    }

    /** Functions with this name. */
    public List<FunctionRow> findByName(String name) {
        return db.read(r -> CallGraphReads.byName(r, name));
    }

    /**
     * The one function {@code spec} names, as a person or an agent would name it: its id; a name only one
     * function has; or, when several share the name, a qualified name — {@code Type#name}, {@code Type.name},
     * {@code Type::name} or {@code file:name}, the qualifier any trailing part of the type or the file
     * ({@code Users.save}, {@code com.acme.Users#save}, {@code src/users.ts:save}) — with a JVM method's parameters
     * to pick an overload ({@code Users#save(long)}); or {@code FILE:LINE}, the innermost function there.
     *
     * @throws StorageException NOT_FOUND (saying what else is named so, or that {@code spec} is a type, with its
     *                          functions), or INVALID_ARGUMENT when several functions match (listing their ids)
     */
    public FunctionRow function(String spec) {
        Objects.requireNonNull(spec, "spec");
        return db.read(r -> FunctionNames.one(r, spec));
    }

    /**
     * The calls into a type from outside it and its nested types — who uses it — by caller and line; each
     * {@link CallSite#calleeId()} is the function called. {@code type} is its id or a trailing part of it
     * ({@code Users}, {@code acme.Users}); types are stored by scanners that dispatch through them (the JVM scanner).
     *
     * @throws StorageException NOT_FOUND for no such type, INVALID_ARGUMENT when several types have that name
     */
    public List<CallSite> callsIntoType(String type) {
        Objects.requireNonNull(type, "type");
        return db.read(r -> CallGraphReads.callsIntoType(r, FunctionNames.type(r, type)));
    }

    /** The calls into the functions of {@code file} (as stored, or as in the repository) from other files, by caller and line. */
    public List<CallSite> callsIntoFile(String file) {
        Objects.requireNonNull(file, "file");
        return db.read(r -> CallGraphReads.callsIntoFile(r, FunctionNames.storedFile(r, file)));
    }

    /** Every function {@code spec} may name, by the rules of {@link #function(String)}: none, one, or several. */
    public List<FunctionRow> findFunctions(String spec) {
        Objects.requireNonNull(spec, "spec");
        return db.read(r -> FunctionNames.matching(r, spec));
    }

    /**
     * The function at {@code file:line}: the innermost of those whose lines contain it.
     *
     * @throws StorageException INVALID_ARGUMENT listing them when the functions containing it do not nest
     */
    public Optional<FunctionRow> functionAt(String file, long line) {
        return db.read(r -> CallGraphReads.containing(r, file, line));
    }

    /** Every function whose lines contain {@code file:line}, innermost first. */
    public List<FunctionRow> functionsAt(String file, long line) {
        return db.read(r -> CallGraphReads.allContaining(r, file, line));
    }

    /** The functions of one file, by id. */
    public List<FunctionRow> functionsIn(String file) {
        return db.read(r -> CallGraphReads.inFile(r, file));
    }

    /** A type by id. */
    public Optional<TypeRow> getType(String id) {
        return db.read(r -> CallGraphReads.typeById(r, id));
    }

    /** The types of one file, by id. */
    public List<TypeRow> typesIn(String file) {
        return db.read(r -> CallGraphReads.typesIn(r, file));
    }

    /**
     * What the store holds of some files, read in one snapshot: each file's functions and types (by id); a file it
     * holds nothing of maps to two empty lists.
     */
    public Map<String, FileContents> contentsOf(Collection<String> files) {
        return db.read(r -> {
            Map<String, FileContents> out = new java.util.LinkedHashMap<>();
            for (String f : files) {
                out.put(f, new FileContents(CallGraphReads.inFile(r, f), CallGraphReads.typesIn(r, f)));
            }
            return out;
        });
    }

    /** A file's functions and types, as {@link #contentsOf} reads them. */
    public record FileContents(List<FunctionRow> functions, List<TypeRow> types) {
    }

    /** Direct callers of a function, with the call sites. */
    public List<CallSite> getCallers(String functionId) {
        return db.read(r -> CallGraphReads.callers(r, functionId));
    }

    /** Calls a function makes; unresolved ones (library calls) have no function. */
    public List<CallSite> getCallees(String functionId) {
        return db.read(r -> CallGraphReads.callees(r, functionId));
    }

    /** Data reachable from the function containing {@code file:line}; empty when no function contains it. */
    public Optional<Reachability> getReachableData(String file, long line, ReachOptions options) {
        return db.read(r -> CallGraphReads.reachFromLine(r, file, line, options));
    }

    /** Data reachable from a function; empty when there is no such function. */
    public Optional<Reachability> getReachableDataFrom(String functionId, ReachOptions options) {
        return db.read(r -> CallGraphReads.reachFrom(r, functionId, options));
    }

    /** Entry points that reach {@code table} (and {@code field}, when not null), one shortest path each. */
    public List<EntryPath> whoReaches(String table, String field) {
        return db.read(r -> CallGraphReads.whoReaches(r, table, field, 1000));
    }

    /**
     * Every function that calls {@code functionId} through resolved calls, up to {@code maxDepth} calls away,
     * nearest first and then by id, each with one shortest path; empty when there is no such function.
     */
    public Optional<List<ReachedFunction>> transitiveCallers(String functionId, int maxDepth) {
        return db.read(r -> CallGraphReads.walk(r, functionId, maxDepth, false));
    }

    /**
     * Every function {@code functionId} calls through resolved calls, up to {@code maxDepth} calls away,
     * nearest first and then by id, each with one shortest path; empty when there is no such function.
     */
    public Optional<List<ReachedFunction>> transitiveCallees(String functionId, int maxDepth) {
        return db.read(r -> CallGraphReads.walk(r, functionId, maxDepth, true));
    }

    /**
     * The impact of changing {@code functionId}: its transitive callers up to {@code maxDepth} calls away and the
     * entry points among them; empty when there is no such function.
     */
    public Optional<Impact> impact(String functionId, int maxDepth) {
        return db.read(r -> CallGraphReads.byId(r, functionId).flatMap(f -> CallGraphReads.walk(r, functionId, maxDepth, false)
                .map(callers -> {
                    List<ReachedFunction> entries = new java.util.ArrayList<>();
                    if (f.entryPoint()) {
                        entries.add(new ReachedFunction(f, 0, List.of(f.id())));
                    }
                    callers.stream().filter(c -> c.function().entryPoint()).forEach(entries::add);
                    return new Impact(f, callers, entries);
                })));
    }

    /**
     * A page of {@link #whoReaches(String, String)}: the entry points from {@code offset} on, at most {@code limit},
     * with the total; cheaper than the whole answer when it is large (only the page's paths are read).
     */
    public EntryPage whoReaches(String table, String field, int offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "offset must be >= 0 and limit >= 1, were " + offset + ", " + limit);
        }
        return db.read(r -> CallGraphReads.whoReaches(r, table, field, 1000, offset, limit));
    }

    /**
     * Builds the in-memory copy of the call graph that the walks (reachability, who reaches, transitive callers
     * and callees, impact) use, now instead of on the second walk at this data version: for a process that will
     * ask many questions, such as a server, called on a thread of its own. After a write commits, the walks build
     * it again as usual.
     */
    public void prepareWalks() {
        db.read(r -> {
            CallGraphReads.prepareWalks(r);
            return null;
        });
    }

    /** The first {@code n} entry points, by id. */
    public List<String> entryPoints(int n) {
        return db.read(r -> CallGraphReads.entryPoints(r, n));
    }

    /** Deletes every function, call and data access (the schema stays). */
    public void clear() {
        db.clearDomain("callgraph");
    }
}
