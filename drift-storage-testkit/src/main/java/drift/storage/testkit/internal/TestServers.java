package drift.storage.testkit.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine the kit's stores run on ({@code -Ddrift.test.engine=sqlite|postgresql}, SQLite by default) and, for
 * PostgreSQL, the server: {@code -Ddrift.test.postgres.url} names one, else an embedded server (PostgreSQL binaries
 * from Maven) starts on first use, once per JVM, and stops with it. Each store is a schema of its own.
 */
public final class TestServers {
    /** The engine of this test run. */
    public static final String ENGINE = System.getProperty("drift.test.engine", "sqlite").toLowerCase(Locale.ROOT);
    private static final AtomicLong SCHEMAS = new AtomicLong();
    /** Tells this JVM's schemas from those of other runs against the same external server. */
    private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36) + Long.toString(System.nanoTime() & 0xfffff, 36);
    private static String base;

    private TestServers() {
    }

    /** Whether the stores of this run are PostgreSQL schemas. */
    public static boolean postgres() {
        return switch (ENGINE) {
            case "sqlite" -> false;
            case "postgresql", "postgres" -> true;
            default -> throw new IllegalStateException("-Ddrift.test.engine must be sqlite or postgresql, was '" + ENGINE + "'");
        };
    }

    /** A JDBC URL of a new, empty schema (the engine creates it on open). */
    public static String newSchemaUrl() {
        String url = serverUrl();
        String schema = "drift_t" + RUN + "_" + SCHEMAS.incrementAndGet();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static synchronized String serverUrl() {
        if (base == null) {
            String given = System.getProperty("drift.test.postgres.url");
            if (given != null && !given.isBlank()) {
                base = given;
            } else {
                try {
                    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            pg.close();
                        } catch (IOException ignored) {
                            // the JVM is going; the server's files are in a temp folder
                        }
                    }, "drift-test-postgres-stop"));
                    base = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres";
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start the embedded PostgreSQL server for the tests", e);
                }
            }
        }
        return base;
    }
}
