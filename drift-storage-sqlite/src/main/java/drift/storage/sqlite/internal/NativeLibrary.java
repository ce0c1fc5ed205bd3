package drift.storage.sqlite.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * SQLite's native library, unpacked once per user and version into a cache folder and loaded from there: the
 * driver's own way writes a new copy into the temp folder in every process (a megabyte, ~60 ms of each CLI
 * command, and a file left behind by every process that is killed). When anything about it fails, the driver
 * does as it always did.
 */
final class NativeLibrary {
    private static boolean done;

    private NativeLibrary() {
    }

    /** Points the driver at the cached library (unpacking it the first time); before the driver first loads. */
    static synchronized void prepare() {
        if (done || System.getProperty("org.sqlite.lib.path") != null) {
            done = true;
            return;
        }
        done = true;
        try {
            Path root = cacheRoot();
            if (root == null) {
                return; // no cache of the user's own: the driver unpacks it into a fresh temp file, as it always did
            }
            String name = System.mapLibraryName("sqlitejdbc");
            String resource = "/org/sqlite/native/" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
            Path dir = root.resolve("sqlite-jdbc-" + org.sqlite.SQLiteJDBCLoader.getVersion()
                    + "-" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS().replace('/', '-'));
            Path lib = dir.resolve(name);
            // the folder is named by the driver's version and the platform, and a file only ever arrives whole
            // (written beside, then moved): when it is there, it is the one
            if (!Files.isRegularFile(lib) || Files.size(lib) == 0) {
                try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        return; // not bundled for this platform: the driver looks for it itself
                    }
                    Files.createDirectories(dir);
                    Path tmp = Files.createTempFile(dir, name, ".part");
                    try {
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
            }
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | RuntimeException e) {
            // a read-only home, a full disk: the driver unpacks it into the temp folder, as it always did
        }
    }

    /**
     * $XDG_CACHE_HOME/drift, else ~/.cache/drift, else null. Never a fixed name in the shared temp folder: another
     * user could put a library there first, and it would be loaded.
     */
    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "drift");
        }
        String home = System.getProperty("user.home");
        if (home != null && !home.isBlank() && Files.isWritable(Path.of(home))) {
            return Path.of(home, ".cache", "drift");
        }
        return null;
    }
}
