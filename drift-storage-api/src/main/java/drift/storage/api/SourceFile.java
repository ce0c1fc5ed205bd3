package drift.storage.api;

import java.util.Locale;
import java.util.Objects;

/**
 * One file of a scan, as its manifest entry describes it: the path rows name it by, and optionally its
 * content hash, size and language. A file with a hash is compared with the stored one; without a hash it is
 * always written.
 *
 * @param path the path as rows name it (e.g. {@code src/routes/a.ts}); not empty
 * @param sha256 the SHA-256 of the file's content as 64 hexadecimal digits, or {@code null}
 * @param size the size in bytes, or -1 when unknown
 * @param language the language, or {@code null}
 * @param interfaceSha256 optionally, the SHA-256 of the part of the file that other files' rows depend on (for
 *        bytecode: its classes' supertypes and members, not their code), or {@code null}. The store keeps it
 *        beside the content hash, so a producer can tell a change inside a file (which rewrites that file
 *        only) from one that can move rows in others ({@link ScanSession#stored})
 */
public record SourceFile(String path, String sha256, long size, String language, String interfaceSha256) {

    /** Validates the fields; the hash is kept in lower case. */
    public SourceFile {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        sha256 = hash("sha256", sha256);
        interfaceSha256 = hash("interfaceSha256", interfaceSha256);
        if (size < -1) {
            throw new IllegalArgumentException("size must be >= 0 (or -1 for unknown), was " + size);
        }
    }

    /** {@code value} in lower case, checked to be 64 hexadecimal digits (a manifest holds thousands: no regex). */
    private static String hash(String field, String value) {
        if (value == null) {
            return null;
        }
        boolean lower = true;
        boolean ok = value.length() == 64;
        for (int i = 0; ok && i < 64; i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'F') {
                lower = false;
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                ok = false;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(field + " must be 64 hexadecimal digits, was '" + value + "'");
        }
        return lower ? value : value.toLowerCase(Locale.ROOT);
    }

    /** A file without an interface hash. */
    public SourceFile(String path, String sha256, long size, String language) {
        this(path, sha256, size, language, null);
    }

    /** A file with no hash: always written. */
    public static SourceFile of(String path) {
        return new SourceFile(path, null, -1, null);
    }
}
