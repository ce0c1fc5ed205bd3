package drift.storage.api.spi;

import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * One schema migration of a domain: SQL statements run in one transaction.
 *
 * @param version 1, 2, 3...
 * @param description a few words
 * @param sql the statements, separated by semicolons
 */
public record Migration(int version, String description, String sql) {
    /** Validates the fields. */
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be >= 1, was " + version);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
    }

    /**
     * Loads a migration from the domain's own resources. Pass {@code getClass()::getResourceAsStream}
     * so the lookup happens from the domain's module (resources of named modules are encapsulated).
     */
    public static Migration load(Function<String, InputStream> resources, int version, String description, String path) {
        try (InputStream in = resources.apply(path)) {
            if (in == null) {
                throw new ResourceMissing(path);
            }
            return new Migration(version, description, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + path, e);
        }
    }

    /** {@link #load} found no resource at the path: a domain without migrations for this dialect's folder, say. */
    public static final class ResourceMissing extends StorageException {
        private static final long serialVersionUID = 1L;

        ResourceMissing(String path) {
            super(StorageErrorCode.INTERNAL, "migration resource not found: " + path);
        }
    }
}
