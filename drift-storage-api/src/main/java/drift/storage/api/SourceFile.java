package drift.storage.api;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

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
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Validates the fields; the hash is kept in lower case. */
    public SourceFile {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        if (sha256 != null) {
            sha256 = sha256.toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 must be 64 hexadecimal digits, was '" + sha256 + "'");
            }
        }
        if (interfaceSha256 != null) {
            interfaceSha256 = interfaceSha256.toLowerCase(Locale.ROOT);
            if (!SHA256.matcher(interfaceSha256).matches()) {
                throw new IllegalArgumentException("interfaceSha256 must be 64 hexadecimal digits, was '" + interfaceSha256 + "'");
            }
        }
        if (size < -1) {
            throw new IllegalArgumentException("size must be >= 0 (or -1 for unknown), was " + size);
        }
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
