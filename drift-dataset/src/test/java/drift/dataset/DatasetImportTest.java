package drift.dataset;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.internal.CallGraphDomain;
import drift.storage.testkit.DriftStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad lines cost only themselves: a repeated id is caught while reading, a rejected batch takes no other row with it. */
class DatasetImportTest {
    @RegisterExtension
    final DriftStore store = DriftStore.of(new CallGraphDomain());

    private static String fn(String file, String name, int line) {
        return "{\"id\":\"" + file + ":" + name + ":" + line + "\",\"name\":\"" + name + "\",\"file\":\"" + file + "\",\"start_line\":" + line
                + ",\"end_line\":" + (line + 5) + ",\"language\":\"ts\",\"is_entry_point\":false,\"is_exported\":true,\"is_async\":false}";
    }

    private static String call(String caller, String target, int line) {
        return "{\"caller_id\":\"" + caller + "\",\"target\":\"" + target + "\",\"line\":" + line + "}";
    }

    private Path dataset(String name, List<String> functions, List<String> calls) throws Exception {
        Path d = store.dir().resolve(name);
        Files.createDirectories(d);
        Files.write(d.resolve("functions.ndjson"), functions);
        Files.write(d.resolve("calls.ndjson"), calls);
        return d;
    }

    @Test
    void aRepeatedIdIsABadLineAtItsLineAndNothingElseIsLost() throws Exception {
        Path d = dataset("dup", List.of(fn("a.ts", "f", 1), fn("a.ts", "g", 10), fn("a.ts", "f", 1)),
                List.of(call("a.ts:f:1", "g", 2), call("a.ts:g:10", "f", 11)));
        DatasetImport.Summary s = DatasetImport.run(store.db(), d, DatasetImport.Options.defaults());
        assertEquals(1, s.problems().size(), s.problems().toString());
        assertEquals("functions.ndjson", s.problems().get(0).file());
        assertEquals(3, s.problems().get(0).line());
        assertTrue(s.problems().get(0).message().contains("duplicate id 'a.ts:f:1'"), s.problems().get(0).message());
        assertEquals(2, store.count("callgraph_function"));
        assertEquals(2, store.count("callgraph_call"), "no call lost for a function line that was repeated");
    }

    @Test
    void aBatchRejectedByItsDomainTakesNoRowOfLaterBatchesWithIt() throws Exception {
        // a.ts holds f; a merge scan of b.ts alone brings a function with f's id: the writer refuses that row
        DatasetImport.run(store.db(), dataset("first", List.of(fn("a.ts", "f", 1)), List.of()), DatasetImport.Options.defaults());
        List<String> functions = new java.util.ArrayList<>();
        List<String> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            functions.add(fn("b.ts", "h" + i, i * 10 + 1));
            calls.add(call("b.ts:h" + i + ":" + (i * 10 + 1), "f", i * 10 + 2));
        }
        functions.add(5, "{\"id\":\"a.ts:f:1\",\"name\":\"f\",\"file\":\"b.ts\",\"start_line\":300,\"end_line\":301}");
        DatasetImport.Summary s = DatasetImport.run(store.db(), dataset("second", functions, calls), DatasetImport.Options.defaults());
        assertEquals(1, s.problems().size(), "one bad line, and only one: " + s.problems());
        assertEquals(6, s.problems().get(0).line());
        assertTrue(s.problems().get(0).message().contains("exists already"), s.problems().get(0).message());
        assertEquals(21, store.count("callgraph_function"));
        assertEquals(20, store.count("callgraph_call"), "every call of b.ts is stored, though its functions' batch failed once");
        assertEquals(20, CallGraphStore.of(store.db()).getCallers("a.ts:f:1").size());
    }
}
