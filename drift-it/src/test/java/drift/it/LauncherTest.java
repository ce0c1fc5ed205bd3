package drift.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/drift}, the launcher the README recommends, as a user runs it: the same answers as
 * {@code java -p mods -m drift.cli}, a class-data archive written by the first run into the user's cache folder
 * and used by the next, and no archive at all (and no failure) when there is no cache folder of the user's own.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private JavaProcess.Result launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Map<String, String> base = new java.util.HashMap<>();
        base.put("XDG_CACHE_HOME", null);
        base.put("DRIFT_DAEMON", "0"); // the resident drift has its own test (DaemonTest)
        return Launcher.run(dir, dir, Launcher.env(base, env), args);
    }

    private static List<Path> archives(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().startsWith("cds-")).toList();
        }
    }

    @Test
    void theLauncherAnswersAsThePlainCommandAndKeepsItsArchiveInTheUsersCache() throws Exception {
        Path db = dir.resolve("drift.db");
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        JavaProcess.Result imported = launcher(env, "import", "--replace", Build.root().resolve("samples/tiny").toString(), "--db", db.toString());
        assertEquals(0, imported.exit(), imported.toString());
        List<Path> written = archives(cache.resolve("drift"));
        assertEquals(1, written.size(), "the first run writes one archive: " + written);
        JavaProcess.Result plain = JavaProcess.run(dir, Build.mods().toString(), "drift.cli", "status", "--db", db.toString());
        assertEquals(0, plain.exit(), plain.toString());
        for (int run = 0; run < 2; run++) {
            JavaProcess.Result status = launcher(env, "status", "--db", db.toString());
            assertEquals(0, status.exit(), status.toString());
            assertEquals(plain.out(), status.out(), "the same answer as java -p mods -m drift.cli");
            assertEquals("", status.err(), "nothing on stderr");
        }
        assertEquals(written, archives(cache.resolve("drift")), "later runs use the archive, and write no other");
        // no cache folder of the user's own: no archive anywhere, the same answer
        JavaProcess.Result homeless = launcher(Map.of("HOME", ""), "status", "--db", db.toString());
        assertEquals(0, homeless.exit(), homeless.toString());
        assertEquals(plain.out(), homeless.out());
    }
}
