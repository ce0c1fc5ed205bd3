package drift.domain.callgraph;

import drift.domain.callgraph.internal.CallGraphDomain;
import drift.storage.api.spi.StorageDomain;
import drift.storage.testkit.DomainContract;
import drift.storage.testkit.Sample;

import java.util.List;
import java.util.Map;

/** The platform's rules, on the call graph domain. */
class CallGraphContractTest extends DomainContract {
    @Override
    protected StorageDomain domain() {
        return new CallGraphDomain();
    }

    private static FunctionRow fn(String file, String name, long line, boolean entry) {
        return new FunctionRow(file + ":" + name + ":" + line, name, file, line, line + 9, "ts", entry, true, false);
    }

    @Override
    protected void sample(Sample s) {
        FunctionRow main = fn("src/a.ts", "main", 1, true);
        FunctionRow find = fn("src/b.ts", "find", 1, false);
        s.rows("src/a.ts", CallGraphStore.FUNCTION, List.of(main));
        s.rows("src/a.ts", CallGraphStore.CALL, List.of(new CallRow(main.id(), "find", 3), new CallRow(main.id(), "console.log", 4)));
        s.rows("src/b.ts", CallGraphStore.FUNCTION, List.of(find));
        s.rows("src/b.ts", CallGraphStore.CALL, List.of(new CallRow(find.id(), "query", 2)));
        s.rows("src/b.ts", CallGraphStore.DATA_ACCESS, List.of(new DataAccessRow(find.id(), "users", Operation.READ,
                List.of("id", "password_hash"), 5)));
    }

    @Override
    protected Map<String, String> queryArguments(String query) {
        return switch (query) {
            case "callers", "callees" -> Map.of("function", "src/a.ts:main:1");
            case "function", "reachable" -> Map.of("file", "src/a.ts", "line", "3");
            case "who-reaches" -> Map.of("table", "users");
            case "type", "incoming" -> Map.of("file", "src/a.ts");
            default -> Map.of();
        };
    }
}
