package drift.it;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module descriptors of the assembled mods/ folder (what `jar --describe-module` prints). */
class ModuleDescriptorTest {
    private static Map<String, ModuleDescriptor> modules() {
        Map<String, ModuleDescriptor> out = new TreeMap<>();
        for (ModuleReference r : ModuleFinder.of(Build.mods()).findAll()) {
            out.put(r.descriptor().name(), r.descriptor());
        }
        return out;
    }

    private static Set<String> exports(ModuleDescriptor d) {
        return d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }

    private static Set<String> provides(ModuleDescriptor d) {
        return d.provides().stream().flatMap(p -> p.providers().stream().map(impl -> p.service() + " with " + impl))
                .collect(Collectors.toSet());
    }

    @Test
    void everyDriftModuleIsNamedAndExportsOnlyItsApi() {
        Map<String, ModuleDescriptor> m = modules();
        assertEquals(Set.of("drift.storage.api", "drift.storage.api.spi"), exports(m.get("drift.storage.api")));
        assertTrue(m.get("drift.storage.api").requires().stream().noneMatch(r -> r.name().equals("java.sql")),
                "the API must not read java.sql");
        assertEquals(Set.of(), exports(m.get("drift.storage.sqlite")), "the engine exports nothing");
        assertEquals(Set.of("drift.storage.api.spi.StorageEngine with drift.storage.sqlite.internal.SqliteEngine"),
                provides(m.get("drift.storage.sqlite")));
        for (String[] d : new String[][] {{"patterns", "PatternsDomain"}, {"callgraph", "CallGraphDomain"},
                {"contracts", "ContractsDomain"}}) {
            ModuleDescriptor md = m.get("drift.domain." + d[0]);
            assertEquals(Set.of("drift.domain." + d[0]), exports(md), "only the public package of " + d[0]);
            assertEquals(Set.of("drift.storage.api.spi.StorageDomain with drift.domain." + d[0] + ".internal." + d[1]),
                    provides(md));
            assertTrue(md.packages().contains("drift.domain." + d[0] + ".internal"));
        }
        ModuleDescriptor cli = m.get("drift.cli");
        assertEquals("drift.cli.Main", cli.mainClass().orElseThrow(), "java -p mods -m drift.cli needs a main class");
        assertEquals(Set.of(), exports(cli), "the CLI only parses and prints: the importer is the drift.dataset library");
        assertEquals(Set.of("drift.dataset"), exports(m.get("drift.dataset")));
        assertTrue(cli.opens().stream().allMatch(o -> o.targets().equals(Set.of("info.picocli"))),
                "the CLI opens its commands to picocli only");
        ModuleDescriptor scan = m.get("drift.scan.jvm");
        assertEquals(Set.of("drift.scan.jvm"), exports(scan), "the scanner's library facade only");
        assertEquals(Set.of("drift.storage.api.spi.Scanner with drift.scan.jvm.internal.JvmScanner"), provides(scan));
        assertTrue(scan.requires().stream().noneMatch(r -> r.name().equals("java.sql") || r.name().equals("drift.storage.sqlite")),
                "the scanner writes through the domains' APIs, never SQL or an engine: " + scan.requires());
        assertTrue(scan.requires().stream().anyMatch(r -> r.name().equals("drift.domain.contracts")
                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)), "contracts are optional to the scanner");
    }

    @Test
    void theExampleDomainIsNotPartOfMods() {
        assertTrue(!modules().containsKey("drift.example.todos"), "the example must be a drop-in, not a CLI dependency");
    }

    @Test
    void theBenchmarksAreNotPartOfMods() {
        // drift-jmh runs from its own shaded jar; in mods/ it (and JMH) would ride along with the CLI
        assertTrue(!modules().containsKey("drift.jmh"), "drift-jmh must not be copied into mods/");
        assertTrue(!modules().containsKey("jmh.core"), "JMH must not be copied into mods/");
    }
}
