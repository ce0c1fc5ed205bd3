package drift.scan.jvm.internal;

import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Where class files come from: a jar, war or ear (a packaged application's own classes, in {@code BOOT-INF/classes}
 * or {@code WEB-INF/classes}, are classes like any; the archives inside it, its libraries, only when asked), a
 * folder of classes (and the archives directly in it, as a {@code mods/} folder holds them), a Maven or Gradle project
 * (the main classes of it and its modules: {@code target/classes}, {@code build/classes/<language>/main}), or a JDK
 * runtime image ({@code jrt:/}, or {@code jrt:/java.base} for one module). Each input is read twice at most, so the
 * bytes of a large input never all sit in memory.
 */
final class ClassSource {
    /** One class file's bytes and where it came from. */
    record ClassFile(String origin, byte[] bytes) {
    }

    /** Receives class files. */
    @FunctionalInterface
    interface Sink {
        void accept(ClassFile file) throws IOException;
    }

    private final String input;

    private ClassSource(String input) {
        this.input = input;
    }

    /** Whether {@code input} is something this scanner reads. */
    static boolean accepts(String input) {
        if (input.startsWith("jrt:")) {
            return true;
        }
        try {
            Path p = Path.of(input);
            if (Files.isRegularFile(p)) {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return Archives.isArchive(n) || n.endsWith(".class");
            }
            return Files.isDirectory(p);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static ClassSource of(String input) {
        if (!accepts(input)) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "nothing to scan at " + input
                    + " (a jar, war or ear, a folder of classes or jars, a Maven or Gradle build, or jrt:/)");
        }
        return new ClassSource(input);
    }

    String input() {
        return input;
    }

    /**
     * Reads one class again by the origin {@link #forEach} gave it ({@code jar:/abs.jar!/entry}, with one {@code !/}
     * more per nested archive, {@code file:/abs/Foo.class}, {@code jrt:/modules/...}), its archives from {@code archives}.
     */
    static byte[] read(String origin, Archives archives) throws IOException {
        if (origin.startsWith("file:")) {
            return Files.readAllBytes(Path.of(origin.substring(5)));
        }
        if (origin.startsWith("jrt:")) {
            return Files.readAllBytes(FileSystems.getFileSystem(URI.create("jrt:/")).getPath(origin.substring(4)));
        }
        int bang = origin.lastIndexOf("!/");
        JarFile jar = archives.open(origin.substring(4, bang));
        ZipEntry e = jar.getEntry(origin.substring(bang + 2));
        try (InputStream in = jar.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    /**
     * What the input's classes are, from file metadata only (no class is read): for a jar or class file its
     * path, size and modification time; for a folder the same of every class and jar in it; for {@code jrt:/}
     * the runtime's home, version and image file. Equal fingerprints mean the same classes (as for a build
     * tool's up-to-date check, a file rewritten with the same size and time would go unnoticed).
     */
    String fingerprint() {
        try {
            if (input.startsWith("jrt:")) {
                Path image = Path.of(System.getProperty("java.home"), "lib", "modules");
                return input + " " + System.getProperty("java.home") + " " + Runtime.version() + " " + stat(image);
            }
            Path p = Path.of(input).toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) {
                return p + " " + stat(p);
            }
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            long[] n = {0};
            List<Path> folders = classFolders(p);
            for (Path classes : folders) {
                sha.update((classes + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (Stream<Path> s = Files.walk(classes)) {
                    for (Path f : s.sorted().toList()) {
                        String name = f.getFileName().toString();
                        if (Files.isRegularFile(f) && (wanted(name) || Archives.isArchive(name) && f.getParent().equals(classes))) {
                            sha.update((classes.relativize(f) + " " + stat(f) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                            n[0]++;
                        }
                    }
                }
            }
            return p + " " + folders.size() + " folders " + n[0] + " files " + java.util.HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input + ": " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Folders a build's modules are found below, which are never modules themselves. */
    private static final java.util.Set<String> NOT_MODULES = java.util.Set.of("target", "build", "src", "node_modules", ".git", ".gradle",
            ".idea", ".mvn", "out", "bin");

    /**
     * The class folders of {@code dir}: for a build's project (a {@code pom.xml}, a {@code build.gradle[.kts]} or a
     * {@code settings.gradle[.kts]}), the main classes of it and of every module below it ({@code target/classes},
     * {@code build/classes/<language>/main}; not the tests'), in path order; for any other folder, itself.
     *
     * @throws StorageException NOT_FOUND for a project none of whose modules is built
     */
    static List<Path> classFolders(Path dir) throws IOException {
        if (!project(dir)) {
            return List.of(dir);
        }
        List<Path> found = new ArrayList<>();
        int[] modules = {0};
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes a) throws IOException {
                if (!d.equals(dir) && NOT_MODULES.contains(d.getFileName().toString())) {
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                if (Files.exists(d.resolve("pom.xml"))) {
                    modules[0]++;
                    if (Files.isDirectory(d.resolve("target/classes"))) {
                        found.add(d.resolve("target/classes"));
                    }
                }
                if (Files.exists(d.resolve("build.gradle")) || Files.exists(d.resolve("build.gradle.kts"))) {
                    modules[0]++;
                    Path built = d.resolve("build/classes");
                    if (Files.isDirectory(built)) {
                        try (Stream<Path> languages = Files.list(built)) {
                            languages.map(l -> l.resolve("main")).filter(Files::isDirectory).sorted().forEach(found::add);
                        }
                    }
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        if (found.isEmpty()) {
            boolean maven = Files.exists(dir.resolve("pom.xml"));
            throw new StorageException(StorageErrorCode.NOT_FOUND, (maven ? "Maven" : "Gradle") + " project " + dir + " has no built classes ("
                    + (maven ? "target/classes" : "build/classes/*/main") + (modules[0] > 1 ? " in it or any of its " + (modules[0] - 1)
                    + " modules" : "") + "): build it first (" + (maven ? "mvn compile" : "gradle classes")
                    + "), and pass its dependency jars as further inputs");
        }
        java.util.Collections.sort(found);
        return found;
    }

    private static boolean project(Path dir) {
        for (String build : new String[] {"pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"}) {
            if (Files.exists(dir.resolve(build))) {
                return true;
            }
        }
        return false;
    }

    private static String stat(Path f) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class);
        return a.size() + " " + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * Every class file of the input, to {@code sink}; module-info and package-info classes are left out. The archives
     * inside its archives are read when {@code nested} (up to {@link Archives#MAX_DEPTH} deep), else counted.
     */
    void forEach(Archives archives, boolean nested, Sink sink) {
        try {
            if (input.startsWith("jrt:")) {
                jrt(sink);
                return;
            }
            Path p = Path.of(input);
            if (Files.isRegularFile(p)) {
                if (p.toString().toLowerCase(Locale.ROOT).endsWith(".class")) {
                    sink.accept(new ClassFile("file:" + p.toAbsolutePath(), Files.readAllBytes(p)));
                } else {
                    archive(p.toAbsolutePath().toString(), 1, archives, nested, sink);
                }
                return;
            }
            for (Path classes : classFolders(p)) {
                folder(classes, archives, nested, sink);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    /**
     * For an error about inputs without a class file: the jars their folders hold below the top level, which are
     * not read (a folder's own jars are, as a class path's folder of jars), or "" when there are none.
     */
    static String nestedJars(List<String> inputs) {
        long n = 0;
        Path first = null;
        for (String input : inputs) {
            Path p = Path.of(input);
            if (input.startsWith("jrt:") || !Files.isDirectory(p)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(p)) {
                for (Path f : s.filter(f -> Archives.isArchive(f.getFileName().toString())
                        && !p.equals(f.getParent())).sorted().toList()) {
                    n++;
                    first = first == null ? f : first;
                }
            } catch (IOException | UncheckedIOException e) {
                return "";
            }
        }
        return n == 0 ? "" : " (" + n + " jar" + (n == 1 ? "" : "s") + " in its subfolders, such as " + first + ", are not read: "
                + "pass them, or the folders that hold them)";
    }

    private static boolean wanted(String entry) {
        return entry.endsWith(".class") && !entry.endsWith("module-info.class") && !entry.endsWith("package-info.class");
    }

    private void folder(Path dir, Archives archives, boolean nested, Sink sink) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted().toList()) {
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                String name = f.getFileName().toString();
                if (wanted(name)) {
                    sink.accept(new ClassFile("file:" + f.toAbsolutePath(), Files.readAllBytes(f)));
                } else if (Archives.isArchive(name) && f.getParent().equals(dir)) {
                    jars.add(f);
                }
            }
        }
        for (Path jar : jars) {
            archive(jar.toAbsolutePath().toString(), 1, archives, nested, sink);
        }
    }

    /**
     * The classes of the archive {@code chain} names, in name order, then (when {@code nested}) those of the archives in
     * it; the archives it passes over are told to {@code archives}.
     */
    private void archive(String chain, int depth, Archives archives, boolean nested, Sink sink) {
        JarFile jar = archives.open(chain);
        Enumeration<? extends ZipEntry> entries = jar.entries();
        List<ZipEntry> classes = new ArrayList<>();
        List<String> inner = new ArrayList<>();
        while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            if (e.isDirectory()) {
                continue;
            }
            // the base versions of a multi-release jar: one class per name
            if (wanted(e.getName()) && !e.getName().startsWith("META-INF/")) {
                classes.add(e);
            } else if (Archives.isArchive(e.getName())) {
                inner.add(e.getName());
            }
        }
        classes.sort(java.util.Comparator.comparing(ZipEntry::getName));
        for (ZipEntry e : classes) {
            String origin = "jar:" + chain + "!/" + e.getName();
            byte[] bytes;
            try (InputStream in = jar.getInputStream(e)) {
                bytes = in.readAllBytes();
            } catch (java.util.zip.ZipException | java.io.EOFException x) {
                // a damaged entry (bad compressed data, cut short): the jar's bytes, not the disk
                throw new StorageException(StorageErrorCode.BAD_INPUT, "cannot read " + origin + ": " + x.getMessage()
                        + " (a damaged jar; the scan stored nothing)", x);
            } catch (IOException x) {
                throw new UncheckedIOException("cannot read " + origin + ": " + x.getMessage(), x);
            }
            try {
                sink.accept(new ClassFile(origin, bytes));
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
        java.util.Collections.sort(inner);
        for (String name : inner) {
            if (nested && depth < Archives.MAX_DEPTH) {
                archive(chain + "!/" + name, depth + 1, archives, true, sink);
            } else if (nested) {
                archives.tooDeep(chain + "!/" + name); // (a zip can hold itself: the depth is bounded)
            } else {
                archives.notRead(chain + "!/" + name);
            }
        }
    }

    private void jrt(Sink sink) throws IOException {
        FileSystem fs;
        try {
            fs = FileSystems.getFileSystem(URI.create("jrt:/"));
        } catch (RuntimeException e) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "this Java runtime has no jrt:/ image", e);
        }
        String module = input.substring("jrt:".length()).replaceFirst("^/+", "").replaceFirst("/+$", "");
        Path modules = fs.getPath("/modules");
        List<Path> roots = new ArrayList<>();
        if (module.isEmpty()) {
            try (Stream<Path> s = Files.list(modules)) {
                s.sorted().forEach(roots::add);
            }
        } else {
            Path root = modules.resolve(module);
            if (!Files.isDirectory(root)) {
                throw new StorageException(StorageErrorCode.NOT_FOUND, "no module " + module + " in this runtime's jrt:/ image");
            }
            roots.add(root);
        }
        for (Path root : roots) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path f : s.filter(x -> wanted(x.toString())).sorted().toList()) {
                    sink.accept(new ClassFile("jrt:" + f, Files.readAllBytes(f)));
                }
            }
        }
    }
}
