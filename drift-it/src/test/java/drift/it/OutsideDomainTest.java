package drift.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A domain written outside this build, as an outside author would: compiled against the API jar alone, its tests
 * against the API and test kit jars, then the contract suite run in a process of its own. A good domain passes;
 * one whose clear empties another domain's table fails, by the rule's name.
 */
class OutsideDomainTest {
    @TempDir
    Path dir;

    private static Path jar(String module) throws IOException {
        try (Stream<Path> s = Files.list(Build.root().resolve(module).resolve("target"))) {
            return s.filter(p -> p.getFileName().toString().matches(module + "-[0-9.]+(-SNAPSHOT)?\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar of " + module + " built"));
        }
    }

    /** The jars of this test's own class path whose names start with one of {@code prefixes}. */
    private static List<Path> testJars(String... prefixes) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> out = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (name.endsWith(".jar") && Arrays.stream(prefixes).anyMatch(name::startsWith)) {
                out.add(Path.of(e));
            }
        }
        return out;
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static void javac(List<String> args) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, args.toArray(String[]::new));
        assertEquals(0, rc, "javac failed: " + err.toString(StandardCharsets.UTF_8));
    }

    private static String path(List<Path> entries) {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    @Test
    void aDomainBuiltAgainstTheApiAndTestKitJarsRunsTheContractAndABrokenOneFailsByTheRulesName() throws Exception {
        Path src = Build.root().resolve("drift-it/src/test/resources/outside-domain");
        Path api = jar("drift-storage-api");
        Path testkit = jar("drift-storage-testkit");
        List<Path> junitApi = testJars("junit-jupiter-api", "junit-platform-commons", "opentest4j", "apiguardian");
        List<Path> junitRun = testJars("junit-jupiter-", "junit-platform-", "opentest4j", "apiguardian");

        Path main = dir.resolve("classes");
        List<String> mainArgs = new ArrayList<>(List.of("--release", "17", "--module-path", api.toString(), "-d", main.toString()));
        sources(src.resolve("main")).forEach(p -> mainArgs.add(p.toString()));
        javac(mainArgs);

        Path test = dir.resolve("test-classes");
        List<Path> testCp = new ArrayList<>(List.of(main, api, testkit));
        testCp.addAll(junitApi);
        List<String> testArgs = new ArrayList<>(List.of("--release", "17", "-cp", path(testCp) + File.pathSeparator
                + path(testJars("junit-platform-launcher", "junit-platform-engine")), "-d", test.toString()));
        sources(src.resolve("test")).forEach(p -> testArgs.add(p.toString()));
        javac(testArgs);

        // what runs the tests: the classes, the two jars, the engine from mods/ and JUnit
        List<Path> run = new ArrayList<>(List.of(main, test, api, testkit));
        try (Stream<Path> mods = Files.list(Build.mods())) {
            mods.filter(p -> p.getFileName().toString().matches("(drift-storage-jdbc|drift-storage-sqlite|sqlite-jdbc|HikariCP|flyway-core|jackson-|slf4j-).*"))
                    .forEach(run::add);
        }
        run.addAll(junitRun);

        JavaProcess.Result good = JavaProcess.exec(dir, List.of(JavaProcess.java().toString(), "-cp", path(run), "acme.notes.Run",
                "acme.notes.NotesContractTest"));
        assertEquals(0, good.exit(), good.toString());
        assertTrue(good.out().contains("tests 8 succeeded 8 failed 0"), good.out());

        JavaProcess.Result broken = JavaProcess.exec(dir, List.of(JavaProcess.java().toString(), "-cp", path(run), "acme.notes.Run",
                "acme.notes.BrokenNotesContractTest"));
        assertEquals(1, broken.exit(), broken.toString());
        assertTrue(broken.out().contains("failed 1"), broken.out());
        assertTrue(broken.out().contains("rule 'clear': clearing 'notes' changed another domain's table testkit_witness_note"), broken.out());
    }

    @Test
    void aDomainModuleThatRequiresJavaSqlIsRefusedAtLoadNamingIt() throws Exception {
        Path src = Build.root().resolve("drift-it/src/test/resources/outside-domain/jdbc");
        Path classes = dir.resolve("jdbc-classes");
        List<String> args = new ArrayList<>(List.of("--release", "17", "--module-path", jar("drift-storage-api").toString(), "-d",
                classes.toString()));
        sources(src).forEach(p -> args.add(p.toString()));
        javac(args);
        Path mods = Build.copyMods(dir.resolve("mods"), n -> true);
        var jarTool = java.util.spi.ToolProvider.findFirst("jar").orElseThrow();
        assertEquals(0, jarTool.run(System.out, System.err, "--create", "--file", mods.resolve("acme-jdbc.jar").toString(), "-C",
                classes.toString(), "."));
        JavaProcess.Result r = JavaProcess.run(dir, mods.toString(), "drift.cli", "domains", "--db", dir.resolve("x.db").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("domain 'sneaky' (module acme.jdbc) requires java.sql"), r.err());
        assertFalse(Files.exists(dir.resolve("x.db")), "nothing was opened");
    }
}
