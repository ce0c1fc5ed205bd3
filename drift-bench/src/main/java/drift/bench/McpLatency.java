package drift.bench;

import drift.domain.callgraph.CallGraphStore;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Per-call latency of {@code drift mcp} over stdio, as an agent's client sees it (the MCP SDK's own client, the
 * server a separate {@code java -p mods -m drift.cli mcp} process), against the same questions asked through
 * {@code drift} CLI processes: callers of a function, the data reachable from an entry point, the entry points
 * reaching a table's field. Needs a store (a {@code medium} import, say).
 */
@Command(name = "mcp-latency", mixinStandardHelpOptions = true,
        description = "Latency of drift mcp tool calls over stdio against drift CLI processes, on an existing store.")
public final class McpLatency implements Callable<Integer> {
    @Option(names = "--db", required = true, description = "The store to ask: a file, or a PostgreSQL URL (with currentSchema=).")
    String db;

    @Option(names = "--mods", defaultValue = "mods", description = "The module path to start drift from (default: ${DEFAULT-VALUE}).")
    Path mods;

    @Option(names = "--calls", defaultValue = "1000", description = "Timed MCP calls per tool (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--warmup", defaultValue = "200", description = "Untimed MCP calls per tool first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--cli-runs", defaultValue = "20", description = "Timed CLI processes per question (default: ${DEFAULT-VALUE}).")
    int cliRuns;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new McpLatency()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<String> functions;
        List<String> entries;
        List<String[]> fields;
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.builder(db).readOnly(true).createIfMissing(false).build())) {
            functions = m.read(r -> r.list("SELECT id FROM callgraph_function WHERE pk % 50 = 0 ORDER BY id", row -> row.getString(1)));
            entries = CallGraphStore.of(m).entryPoints(100);
            fields = m.read(r -> r.list("SELECT DISTINCT d.table_name, j.value FROM callgraph_data_access d, "
                    + r.dialect().jsonElements("d.fields", "j") + " ORDER BY 1, 2", row -> new String[] {row.getString(1), row.getString(2)}));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters server = ServerParameters.builder(java).args("-p", mods.toString(), "-m", "drift.cli", "mcp", "--db", db)
                .build();
        McpSyncClient client = McpClient.sync(new StdioClientTransport(server, new JacksonMcpJsonMapper(JsonMapper.builder().build())))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
        try {
            client.initialize();
            report("callers", time(client, "callers", i -> Map.of("function", functions.get(i % functions.size()))));
            report("reachable_data", time(client, "reachable_data", i -> Map.of("function", entries.get(i % entries.size()))));
            report("who_reaches", time(client, "who_reaches", i -> {
                String[] f = fields.get(i % fields.size());
                return Map.of("table", f[0], "field", f[1]);
            }));
        } finally {
            client.closeGracefully();
        }
        String[] entry = entryLine(entries.get(0));
        cli("callers", "callers", functions.get(0));
        cli("reachable", "reachable", entry[0] + ":" + entry[1]);
        cli("who-reaches", "who-reaches", fields.get(0)[0] + "." + fields.get(0)[1]);
        return 0;
    }

    private String[] entryLine(String id) {
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.builder(db).readOnly(true).createIfMissing(false).build())) {
            var f = CallGraphStore.of(m).getFunction(id).orElseThrow();
            return new String[] {f.file(), Long.toString(f.startLine())};
        }
    }

    private double[] time(McpSyncClient client, String tool, IntFunction<Map<String, Object>> args) {
        for (int i = 0; i < warmup; i++) {
            check(client.callTool(new CallToolRequest(tool, args.apply(i))));
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            Map<String, Object> a = args.apply(i);
            long t0 = System.nanoTime();
            CallToolResult r = client.callTool(new CallToolRequest(tool, a));
            ms[i] = (System.nanoTime() - t0) / 1e6;
            check(r);
        }
        return ms;
    }

    private static void check(CallToolResult r) {
        if (Boolean.TRUE.equals(r.isError())) {
            throw new IllegalStateException("tool error: " + r.content());
        }
    }

    private void cli(String label, String... args) throws Exception {
        if (cliRuns <= 0) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-p", mods.toString(), "-m", "drift.cli"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--json", "--db", db));
        double[] ms = new double[cliRuns];
        for (int i = -1; i < cliRuns; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("drift " + String.join(" ", args) + " failed");
            }
            if (i >= 0) {
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        report("cli " + label, ms);
    }

    private static void report(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-22s n=%-5d p50 %8.3f ms  p90 %8.3f ms  p99 %8.3f ms  max %8.3f ms%n", what, s.length,
                pct(s, 0.50), pct(s, 0.90), pct(s, 0.99), s[s.length - 1]);
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
