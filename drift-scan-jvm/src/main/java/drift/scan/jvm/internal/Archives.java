package drift.scan.jvm.internal;

import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;

/**
 * The archives one scan reads, each opened once: jars, wars and ears on disk, and the archives inside them (a
 * packaged application's libraries: {@code BOOT-INF/lib/*.jar}, {@code WEB-INF/lib/*.jar}, an ear's modules),
 * which are copied to a temporary folder on first use, since a zip entry cannot be read at random. Archives are
 * named by their chain: {@code /abs/app.jar}, {@code /abs/app.jar!/BOOT-INF/lib/x.jar}. Closing deletes the copies.
 */
final class Archives implements Closeable {
    /** How deep archives nest at most (an ear's war's libraries). */
    static final int MAX_DEPTH = 3;

    private final Map<String, JarFile> open = new LinkedHashMap<>();
    private Path copies;
    /** Archives inside archives passed over: without the scan option {@code nested}, and nested too deep. */
    private long notRead;
    private String firstNotRead;
    private long tooDeep;
    private String firstTooDeep;

    /** Whether a file or entry name is an archive this scanner reads. */
    static boolean isArchive(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jar") || n.endsWith(".war") || n.endsWith(".ear");
    }

    /** The archive {@code chain} names, opened (and, if nested, copied out) on first use. */
    JarFile open(String chain) {
        JarFile jar = open.get(chain);
        if (jar != null) {
            return jar;
        }
        int bang = chain.lastIndexOf("!/");
        Path file;
        if (bang < 0) {
            file = Path.of(chain);
        } else {
            JarFile outer = open(chain.substring(0, bang));
            String entry = chain.substring(bang + 2);
            ZipEntry e = outer.getEntry(entry);
            if (e == null) {
                throw new StorageException(StorageErrorCode.BAD_INPUT, "no archive " + entry + " in " + chain.substring(0, bang)
                        + " (it changed while the scan read it?)");
            }
            try {
                if (copies == null) {
                    copies = Files.createTempDirectory("drift-scan-");
                }
                file = copies.resolve(open.size() + ".jar");
                try (InputStream in = outer.getInputStream(e)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (ZipException | java.io.EOFException x) {
                throw new StorageException(StorageErrorCode.BAD_INPUT, "cannot read jar:" + chain + ": " + x.getMessage()
                        + " (a damaged archive; the scan stored nothing)", x);
            } catch (IOException x) {
                throw new UncheckedIOException("cannot copy out the nested archive jar:" + chain + ": " + x.getMessage(), x);
            }
        }
        try {
            jar = new JarFile(file.toFile());
        } catch (ZipException x) {
            String kind = chain.substring(chain.length() - 3).toLowerCase(Locale.ROOT);
            throw new StorageException(StorageErrorCode.BAD_INPUT, "cannot read the " + kind + " " + (bang < 0 ? chain : "jar:" + chain)
                    + ": " + x.getMessage() + " (not a " + kind + ", or a truncated one; the scan stored nothing)", x);
        } catch (IOException x) {
            throw new UncheckedIOException("cannot read the archive " + chain + ": " + x.getMessage(), x);
        }
        open.put(chain, jar);
        return jar;
    }

    /** The archive {@code chain} names was passed over: nested archives are not asked for. */
    void notRead(String chain) {
        notRead++;
        firstNotRead = firstNotRead == null ? "jar:" + chain : firstNotRead;
    }

    /** The archive {@code chain} names was passed over: nested deeper than {@link #MAX_DEPTH}. */
    void tooDeep(String chain) {
        tooDeep++;
        firstTooDeep = firstTooDeep == null ? "jar:" + chain : firstTooDeep;
    }

    /** How many archives were passed over for not being asked for, and the first ("" for none): "N jar:/a.jar!/lib/b.jar". */
    String notRead() {
        return notRead == 0 ? "" : notRead + " " + firstNotRead;
    }

    /** What was passed over, for the person who ran the scan: a line each. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (notRead > 0) {
            notes.add(notReadNote(notRead()));
        }
        if (tooDeep > 0) {
            notes.add(tooDeep + " archive" + (tooDeep == 1 ? " was" : "s were") + " not read for being nested more than " + MAX_DEPTH
                    + " deep (such as " + firstTooDeep + "): pass " + (tooDeep == 1 ? "it" : "them") + " apart");
        }
        return notes;
    }

    /** The count in {@link #notRead()}'s answer. */
    static long count(String notRead) {
        return notRead.isEmpty() ? 0 : Long.parseLong(notRead.substring(0, notRead.indexOf(' ')));
    }

    /** The note for {@link #notRead()}'s answer (also as an earlier scan recorded it), or null for "". */
    static String notReadNote(String notRead) {
        if (notRead.isEmpty()) {
            return null;
        }
        int space = notRead.indexOf(' ');
        long n = count(notRead);
        return n + " archive" + (n == 1 ? " " : "s ") + "inside the inputs " + (n == 1 ? "was" : "were") + " not read (such as "
                + notRead.substring(space + 1) + "): a packaged application's libraries and modules are read with `drift scan --nested` "
                + "(the scan option " + JvmScanner.NESTED + ")";
    }

    @Override
    public void close() {
        for (JarFile jar : open.values()) {
            try {
                jar.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
        }
        open.clear();
        if (copies != null) {
            try (Stream<Path> s = Files.walk(copies)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // a temporary folder left behind
            }
            copies = null;
        }
    }
}
