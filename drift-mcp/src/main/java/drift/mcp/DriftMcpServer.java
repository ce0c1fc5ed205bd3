package drift.mcp;

import drift.mcp.internal.Server;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Drift's store as a Model Context Protocol server. One client per server, over a pair of streams: stdin and
 * stdout for {@code drift mcp}. The database is opened read-only on first use, so the server starts (and
 * answers with a clear error per call) even before the first scan.
 */
public final class DriftMcpServer {
    private DriftMcpServer() {
    }

    /**
     * Serves {@code database} to the client on {@code in} and {@code out} until the client closes {@code in}. Nothing
     * but protocol messages is written to {@code out}; logs go to {@link System.Logger} (stderr for the CLI).
     */
    public static void serve(Path database, InputStream in, OutputStream out) {
        serve(Objects.requireNonNull(database, "database").toString(), in, out);
    }

    /**
     * Serves the store {@code target} names (a database file's path, or a server's JDBC URL such as
     * {@code jdbc:postgresql://host/drift}) like {@link #serve(Path, InputStream, OutputStream)}.
     */
    public static void serve(String target, InputStream in, OutputStream out) {
        serve(drift.storage.api.DatabaseConfig.builder(Objects.requireNonNull(target, "target")).build(), in, out);
    }

    /**
     * Serves the store {@code config} names (a file, or a repository of a server's database: each call may then ask
     * another repository with its {@code repo} argument) like {@link #serve(Path, InputStream, OutputStream)}.
     */
    public static void serve(drift.storage.api.DatabaseConfig config, InputStream in, OutputStream out) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        String version = DriftMcpServer.class.getPackage().getImplementationVersion();
        Server.serve(config, in, out, version == null ? "dev" : version);
    }
}
