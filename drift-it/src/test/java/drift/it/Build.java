package drift.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the build put things: the project root, the assembled mods/ folder, module outputs. */
final class Build {
    private Build() {
    }

    static Path root() {
        String root = System.getProperty("drift.root");
        Path p = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
        if (!Files.exists(p.resolve("drift-storage-api"))) {
            throw new IllegalStateException("cannot find the project root (drift.root=" + root + ")");
        }
        return p;
    }

    static Path mods() {
        Path mods = root().resolve("mods");
        if (!Files.isDirectory(mods)) {
            throw new IllegalStateException("no mods/ folder: build with `mvn verify` from the root");
        }
        return mods;
    }

    /**
     * The production modules, each with its class output folder. drift-jmh is in (its benchmarks and the
     * harness JMH generates for them) so the no-JDBC rule covers it too; it is built before this module.
     */
    static final List<String> MODULES = List.of("drift-storage-api", "drift-storage-jdbc", "drift-storage-sqlite", "drift-storage-postgres", "drift-storage-testkit", "drift-domain-patterns",
            "drift-domain-callgraph", "drift-domain-contracts", "drift-dataset", "drift-scan-jvm", "drift-mcp", "drift-cli", "drift-bench", "examples/drift-domain-example",
            "drift-jmh");

    static Path classes(String module) {
        return root().resolve(module).resolve("target/classes");
    }

    static Path exampleJar() {
        Path dir = root().resolve("examples/drift-domain-example/target");
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("drift-domain-example-.*(?<!-sources|-javadoc)\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("example domain jar not built in " + dir));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A copy of mods/ in {@code to}, with the jars whose names {@code keep} accepts. */
    static Path copyMods(Path to, java.util.function.Predicate<String> keep) throws java.io.IOException {
        Files.createDirectories(to);
        try (java.util.stream.Stream<Path> s = Files.list(mods())) {
            for (Path jar : s.toList()) {
                if (keep.test(jar.getFileName().toString())) {
                    Files.copy(jar, to.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }
}
