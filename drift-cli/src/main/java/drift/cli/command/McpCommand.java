package drift.cli.command;

import drift.mcp.DriftMcpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code drift mcp}: the store as an MCP server over stdio, for AI agents. */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = {"Serve the store to an AI agent over the Model Context Protocol on stdin/stdout (one client; ends when "
                + "it closes stdin). Tools: status, search_patterns, get_pattern, functions_at, callers, callees, reachable_data, "
                + "who_reaches, impact, contracts, scans, sql, and every installed domain's named queries; every list is paged. "
                + "The database is opened read-only, on the first call. Logs go to stderr."})
final class McpCommand implements Callable<Integer> {
    @Mixin DbOptions db;

    @Override
    public Integer call() {
        // stdout carries protocol messages only: anything else that prints goes to stderr while the server runs
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        try {
            DriftMcpServer.serve(db.builder().build(), System.in, protocol);
        } finally {
            System.setOut(stdout);
        }
        return 0;
    }
}
