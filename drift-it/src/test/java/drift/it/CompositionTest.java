package drift.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Composition as real processes over real module-path folders: the full CLI, the example domain dropped
 * into a copy of mods/, one domain used as a library without the CLI, and two domains with one id.
 */
class CompositionTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private static List<String> tables(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void theCliImportsTheSampleAndAnswers() throws Exception {
        String mods = Build.mods().toString();
        Path sample = Build.root().resolve("samples/tiny");
        JavaProcess.Result imp = JavaProcess.run(dir, mods, "drift.cli", "import", sample.toString(), "--json");
        assertEquals(0, imp.exit(), imp.toString());
        JsonNode summary = JSON.readTree(imp.out());
        assertEquals(0, summary.get("skipped").asLong(), imp.toString());
        assertEquals(6420, summary.get("stored").asLong(), imp.toString()); // every row of samples/tiny
        assertTrue(Files.exists(dir.resolve(".drift/drift.db")), "the default database is .drift/drift.db");
        assertFalse(Files.exists(dir.resolve(".drift/drift.db-wal")), "no WAL left after the process");

        JavaProcess.Result status = JavaProcess.run(dir, mods, "drift.cli", "status", "--json");
        assertEquals(0, status.exit(), status.toString());
        JsonNode s = JSON.readTree(status.out());
        for (String section : List.of("patterns", "callgraph", "contracts")) {
            assertTrue(s.has(section), "status has a " + section + " section: " + status.out());
        }
        assertEquals("/workspace/app", s.get("last_scan").get("root").asString());

        JavaProcess.Result bad = JavaProcess.run(dir, mods, "drift.cli", "sql", "DELETE FROM drift_scans");
        assertEquals(6, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("drift: query rejected:"), bad.err());
        assertEquals("", bad.out());

        JavaProcess.Result usage = JavaProcess.run(dir, mods, "drift.cli", "import");
        assertEquals(2, usage.exit(), usage.toString());
        JavaProcess.Result missing = JavaProcess.run(dir, mods, "drift.cli", "status", "--db", "nowhere/x.db");
        assertEquals(3, missing.exit(), missing.toString());
        assertFalse(Files.exists(dir.resolve("nowhere")), "a read command creates nothing");
    }

    @Test
    void aDomainJarDroppedIntoModsIsMigratedWritableAndListed() throws Exception {
        Path mods = Build.copyMods(dir.resolve("mods"), n -> true);
        Files.copy(Build.exampleJar(), mods.resolve(Build.exampleJar().getFileName()));
        Path db = dir.resolve("drift.db");

        JavaProcess.Result migrate = JavaProcess.run(dir, mods.toString(), "drift.cli", "migrate", "--json", "--db", db.toString());
        assertEquals(0, migrate.exit(), migrate.toString());
        JsonNode list = JSON.readTree(migrate.out());
        JsonNode todos = null;
        for (JsonNode d : list) {
            if (d.get("domain").asString().equals("todos")) {
                todos = d;
            }
        }
        assertTrue(todos != null, "todos listed: " + migrate.out());
        assertEquals(todos.get("latest").asInt(), todos.get("schema").asInt(), "migrated");
        assertEquals("drift.example.todos", todos.get("module").asString());

        Path sample = Build.root().resolve("examples/drift-domain-example/sample");
        JavaProcess.Result imp = JavaProcess.run(dir, mods.toString(), "drift.cli", "import", sample.toString(), "--db", db.toString(),
                "--json");
        assertEquals(0, imp.exit(), imp.toString());
        assertTrue(JSON.readTree(imp.out()).get("stored").asLong() > 0, imp.toString());

        JavaProcess.Result status = JavaProcess.run(dir, mods.toString(), "drift.cli", "status", "--json", "--db", db.toString());
        assertEquals(0, status.exit(), status.toString());
        assertTrue(JSON.readTree(status.out()).has("todos"), status.out());
        JavaProcess.Result query = JavaProcess.run(dir, mods.toString(), "drift.cli", "query", "todos", "list", "--json", "--db",
                db.toString());
        assertEquals(0, query.exit(), query.toString());
        assertTrue(JSON.readTree(query.out()).size() > 0, query.out());

        // the same database without the jar: the CLI still works, and the todos tables stay as they were
        JavaProcess.Result without = JavaProcess.run(dir, Build.mods().toString(), "drift.cli", "domains", "--json", "--db",
                db.toString());
        assertEquals(0, without.exit(), without.toString());
        JsonNode gone = null;
        for (JsonNode d : JSON.readTree(without.out())) {
            if (d.get("domain").asString().equals("todos")) {
                gone = d;
            }
        }
        assertTrue(gone != null, "a removed domain is listed with its tables: " + without.out());
        assertEquals("not installed", gone.get("state").asString());
        assertTrue(gone.get("tables").toString().contains("todos_marker"), gone.toString());
        assertTrue(tables(db).stream().anyMatch(t -> t.startsWith("todos")), "data of an absent domain is kept");
    }

    @Test
    void oneDomainWorksAsALibraryWithoutTheCliOrOtherDomains() throws Exception {
        Path mods = Build.copyMods(dir.resolve("lib"), n -> !n.startsWith("drift-cli") && !n.startsWith("picocli")
                && !n.startsWith("drift-domain-patterns") && !n.startsWith("drift-domain-contracts"));
        Path program = compile("libuse", "drift.it.libuse", mods);
        Path db = dir.resolve("lib.db");
        JavaProcess.Result r = JavaProcess.run(dir, mods + java.io.File.pathSeparator + program, "drift.it.libuse/drift.it.libuse.Main",
                db.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("domains=[callgraph]"), r.toString());
        assertTrue(r.out().contains("callers=1") && r.out().contains("reachable=1"), r.toString());
        for (String t : tables(db)) {
            assertTrue(t.startsWith("drift_") || t.startsWith("callgraph"), "only platform and call graph tables, found " + t);
        }
        assertTrue(tables(db).stream().anyMatch(t -> t.startsWith("callgraph")));
    }

    @Test
    void twoDomainsWithOneIdStopStartupNamingBoth() throws Exception {
        Path mods = Build.copyMods(dir.resolve("mods"), n -> true);
        Path dup = compile("dup", "drift.it.dup", mods);
        JavaProcess.Result r = JavaProcess.run(dir, mods + java.io.File.pathSeparator + dup, "drift.cli", "migrate", "--db",
                dir.resolve("x.db").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("two domains have the id 'patterns'"), r.err());
        assertTrue(r.err().contains("drift.domain.patterns") && r.err().contains("drift.it.dup"), r.err());
        assertFalse(Files.exists(dir.resolve("x.db")), "nothing created");
    }

    /** Compiles a test module from src/test/resources/NAME against {@code modulePath}; returns its class folder. */
    private Path compile(String name, String module, Path modulePath) throws Exception {
        Path src = Path.of(getClass().getResource("/" + name).toURI()).resolve(module);
        Path out = dir.resolve("classes-" + name).resolve(module);
        List<String> files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        // META-INF/services etc. are not needed: module-info declares everything
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-p", modulePath.toString(), "-d", out.toString()));
        args.addAll(files);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, null, err, args.toArray(String[]::new));
        assertEquals(0, rc, "javac failed: " + err);
        return out;
    }
}
