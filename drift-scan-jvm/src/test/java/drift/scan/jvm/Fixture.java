package drift.scan.jvm;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test project ({@code src/test/fixture}) compiled with javac: the framework stand-ins (Spring, JPA, JAX-RS
 * annotations under their real names) into {@code lib/}, which is not scanned, and the application
 * ({@code shop}) into {@code classes/}, which is. Shared with drift-it (a test jar) for its rescan oracle.
 */
public final class Fixture {
    /** The sources, from the build's root (drift-it uses them too). */
    static final Path SOURCES = Path.of(System.getProperty("drift.root", "..")).resolve("drift-scan-jvm/src/test/fixture");

    private Fixture() {
    }

    /** Copies the sources to {@code dir/src} (to edit them) and compiles them; returns {@code dir}. */
    public static Path copy(Path dir) throws IOException {
        Path src = dir.resolve("src");
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = src.resolve(SOURCES.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        compile(dir);
        return dir;
    }

    /** Compiles {@code dir/src} into fresh {@code dir/lib} and {@code dir/classes}. */
    public static void compile(Path dir) throws IOException {
        Path src = dir.resolve("src");
        Path lib = dir.resolve("lib");
        Path classes = dir.resolve("classes");
        for (Path out : List.of(lib, classes)) {
            if (Files.exists(out)) {
                try (Stream<Path> files = Files.walk(out)) {
                    files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(out);
        }
        javac(lib, null, sources(src.resolve("org"), src.resolve("javax")));
        javac(classes, lib, sources(src.resolve("shop")));
    }

    /** Writes {@code text} to {@code dir/src/path} (a new source or a changed one); null deletes it. */
    public static void edit(Path dir, String path, String text) throws IOException {
        Path f = dir.resolve("src").resolve(path);
        if (text == null) {
            Files.delete(f);
        } else {
            Files.createDirectories(f.getParent());
            Files.writeString(f, text);
        }
    }

    /** Replaces {@code from} (which must occur) by {@code to} in {@code dir/src/path}. */
    public static void replace(Path dir, String path, String from, String to) throws IOException {
        Path f = dir.resolve("src").resolve(path);
        String text = Files.readString(f);
        if (!text.contains(from)) {
            throw new IllegalArgumentException(path + " has no '" + from + "'");
        }
        Files.writeString(f, text.replace(from, to));
    }

    private static List<String> sources(Path... roots) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static void javac(Path out, Path classPath, List<String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-g", "-d", out.toString()));
        if (classPath != null) {
            args.addAll(List.of("-cp", classPath.toString()));
        }
        args.addAll(sources);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, args.toArray(String[]::new));
        if (rc != 0) {
            throw new UncheckedIOException(new IOException("javac failed:\n" + err.toString(StandardCharsets.UTF_8)));
        }
    }
}
