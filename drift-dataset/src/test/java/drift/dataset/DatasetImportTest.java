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

    private static String listed(String path, String sha) {
        return "{\"path\":\"" + path + "\",\"sha256\":\"" + sha + "\"}";
    }

    @Test
    void aBadManifestLineLosesNoFileTheStoreHolds() throws Exception {
        String h1 = "1".repeat(64);
        String h2 = "2".repeat(64);
        String h3 = "3".repeat(64);
        Path first = dataset("first", List.of(fn("a.ts", "f", 1), fn("b.ts", "g", 1), fn("c.ts", "h", 1)),
                List.of(call("a.ts:f:1", "g", 2), call("c.ts:h:1", "f", 2)));
        Files.write(first.resolve("files.ndjson"), List.of(listed("a.ts", h1), listed("b.ts", h2), listed("c.ts", h3)));
        DatasetImport.Options replace = DatasetImport.Options.defaults().replacing(true);
        DatasetImport.run(store.db(), first, replace);

        // a rescan whose manifest has a typo in a.ts's hash, lists c.ts twice, and forgets b.ts (whose rows are there)
        Path second = dataset("second", List.of(fn("a.ts", "f2", 1), fn("b.ts", "g", 1), fn("c.ts", "h", 1)),
                List.of(call("a.ts:f2:1", "g", 2), call("c.ts:h:1", "f", 2)));
        Files.write(second.resolve("files.ndjson"), List.of(listed("a.ts", "XYZ"), listed("c.ts", h3), listed("c.ts", h3)));
        DatasetImport.Summary s = DatasetImport.run(store.db(), second, replace);
        List<String> said = s.problems().stream().map(Object::toString).toList();
        assertEquals(3, said.size(), said.toString());
        assertTrue(said.get(0).startsWith("files.ndjson:1: field 'sha256'") && said.get(0).contains("imported as changed"), said.get(0));
        assertTrue(said.get(1).startsWith("files.ndjson:3: field 'path': c.ts is listed twice"), said.get(1));
        assertTrue(said.get(2).startsWith("functions.ndjson:2: file 'b.ts' is not listed") && said.get(2).contains("is kept"), said.get(2));
        assertEquals(3, s.skipped(), "every bad line counted, the manifest's too: " + s.files());
        assertEquals(0, s.scan().orElseThrow().files().removed(), "no file removed for a bad line");
        CallGraphStore cg = CallGraphStore.of(store.db());
        assertTrue(cg.getFunction("a.ts:f2:1").isPresent(), "a.ts's rows imported though its hash was bad");
        assertTrue(cg.getFunction("a.ts:f:1").isEmpty());
        assertTrue(cg.getFunction("b.ts:g:1").isPresent(), "b.ts kept as stored");
        assertTrue(cg.getFunction("c.ts:h:1").isPresent());
        assertEquals(3, store.count("callgraph_function"));
    }
}
