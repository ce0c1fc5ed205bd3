package drift.it.libuse;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.CallRow;
import drift.domain.callgraph.DataAccessRow;
import drift.domain.callgraph.FunctionRow;
import drift.domain.callgraph.Operation;
import drift.domain.callgraph.ReachOptions;
import drift.storage.api.DatabaseManager;
import drift.storage.api.DomainInfo;

import java.nio.file.Path;
import java.util.List;

/** A library user with only the API, the engine and the call graph domain on its module path. */
public final class Main {
    public static void main(String[] args) {
        try (DatabaseManager db = DatabaseManager.open(Path.of(args[0]))) {
            System.out.println("domains=" + db.domains().stream().map(DomainInfo::id).toList());
            CallGraphStore cg = CallGraphStore.of(db);
            cg.insertFunctions(List.of(new FunctionRow("a.ts:main:1", "main", "a.ts", 1, 9, "typescript", true, true, false),
                    new FunctionRow("b.ts:save:1", "save", "b.ts", 1, 9, "typescript", false, true, false)));
            cg.insertCalls(List.of(new CallRow("a.ts:main:1", "save", 3)));
            cg.insertDataAccess(List.of(new DataAccessRow("b.ts:save:1", "users", Operation.WRITE, List.of("email"), 4)));
            db.batch().flushAndWait();
            System.out.println("resolution=" + cg.resolveCalls());
            System.out.println("callers=" + cg.getCallers("b.ts:save:1").size());
            System.out.println("reachable=" + cg.getReachableData("a.ts", 2, ReachOptions.DEFAULT).orElseThrow().access().size());
        }
    }
}
