package drift.mcp.internal;

import drift.storage.api.QueryInfo;
import drift.storage.api.StorageException;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** Wires the tools to the SDK's stdio transport and serves until the client closes its stream. */
public final class Server {
    private static final System.Logger LOG = System.getLogger("drift.mcp");

    private final Store store;
    /** A server's other repositories, asked for by a call's {@code repo} argument, opened on first use. */
    private final Map<String, Store> repositories = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> registered = new HashSet<>();
    private McpSyncServer sdk;

    private Server(drift.storage.api.DatabaseConfig config) {
        this.store = new Store(config);
    }

    /** Serves the store of {@code config} to one client on {@code in} and {@code out}; returns when the client closes {@code in}. */
    public static void serve(drift.storage.api.DatabaseConfig config, InputStream in, OutputStream out, String version) {
        Server s = new Server(config);
        try {
            s.run(in, out, version);
        } finally {
            s.store.close();
            s.repositories.values().forEach(Store::close);
        }
    }

    /** The store a call asks: its {@code repo} argument's repository, else the one served. */
    private Store storeFor(Map<String, Object> arguments) {
        Object repo = arguments == null ? null : arguments.get("repo");
        if (repo == null) {
            return store;
        }
        if (!(repo instanceof String name) || name.isBlank()) {
            throw new ToolError("argument 'repo' must be a repository name (see status: repositories)");
        }
        try {
            return repositories.computeIfAbsent(name, store::repository);
        } catch (drift.storage.api.StorageException e) {
            throw new ToolError("repo '" + name + "': " + e.getMessage());
        }
    }

    private void run(InputStream in, OutputStream out, String version) {
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(Json.MAPPER);
        CountDownLatch ended = new CountDownLatch(1);
        // our own error replies are counted too: the drain at the end waits for the transport's answers beyond them
        JsonRpcGuard.Lines written = new JsonRpcGuard.Lines(out);
        InputStream guarded = new JsonRpcGuard(in, written, JsonRpcGuard.DRAIN_MILLIS);
        StdioTransport transport = new StdioTransport(mapper, guarded, written, ended);
        List<DriftTool> tools = Tools.all(queries());
        sdk = McpServer.sync(transport)
                .serverInfo("drift", version)
                .jsonMapper(mapper)
                // each tool checks its own arguments, with errors that name them (see Args)
                .jsonSchemaValidator(ACCEPT)
                .instructions("Drift answers questions about one codebase from its scanned store: its conventions "
                        + "(search_patterns, get_pattern), its call graph (functions_at, callers, callees, impact), the data "
                        + "its code reaches (reachable_data, who_reaches), its API contracts (contracts), and scans. Start "
                        + "with status. Lists come in pages: pass next_cursor back for more; max_tokens bounds a page.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                // a call runs on the thread that read it, which also writes the answer (StdioTransport): no hand-off
                .immediateExecution(true)
                .tools(tools.stream().map(this::spec).toList())
                .build();
        tools.forEach(t -> registered.add(t.name()));
        try {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sdk.closeGracefully();
    }

    /** The installed domains' named queries, when the store can be opened now (else none, until it can). */
    private List<QueryInfo> queries() {
        try {
            return store.db().queries();
        } catch (ToolError | StorageException e) {
            LOG.log(System.Logger.Level.WARNING, "drift mcp: " + e.getMessage() + " (serving; each call will say so until it opens)");
            return List.of();
        }
    }

    /** The store opened after the server started: the domains' query tools join the list. */
    private synchronized void joinQueryTools() {
        if (sdk == null || registered.contains("domain_query")) {
            return;
        }
        List<DriftTool> more = Tools.all(store.db().queries()).stream().filter(t -> !registered.contains(t.name())).toList();
        for (DriftTool t : more) {
            sdk.addTool(spec(t));
            registered.add(t.name());
        }
        if (!more.isEmpty()) {
            sdk.notifyToolsListChanged();
        }
    }

    private SyncToolSpecification spec(DriftTool tool) {
        Schema schema = tool.schema();
        boolean fansOut = store.server() && tool.spansRepositories();
        if (store.server()) {
            // a server's database holds many repositories: every tool answers for one, the served one by default
            schema.string("repo", "The repository to ask (one of status's repositories); default: the one the server was "
                    + "started on.", false);
            if (fansOut) {
                schema.bool("all_repos", "Ask every repository: the answer holds one page per repository (by name), each "
                        + "with its own next_cursor to continue with repo and cursor.");
            }
        }
        List<String> known = schema.names();
        McpSchema.Tool t = McpSchema.Tool.builder().name(tool.name()).description(tool.description()).inputSchema(schema.toMap()).build();
        return new SyncToolSpecification(t, (exchange, request) -> {
            try {
                Answer a = fansOut && Boolean.TRUE.equals(request.arguments() == null ? null : request.arguments().get("all_repos"))
                        ? acrossRepositories(tool, request.arguments(), known)
                        : tool.call(new Call(tool.name(), new Args(request.arguments(), known), storeFor(request.arguments())));
                if (!registered.contains("domain_query")) {
                    joinQueryTools();
                }
                return CallToolResult.builder().structuredContent(a.structured()).addTextContent(a.text()).isError(false).build();
            } catch (ToolError e) {
                return error(e.getMessage());
            } catch (StorageException e) {
                return error(e.code().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "drift mcp: " + tool.name() + " failed", e);
                return error("internal error in " + tool.name() + ": " + e);
            }
        });
    }

    /**
     * {@code tool} asked of every repository: one page each, by repository name, each with its own cursor (the
     * repositories' graphs are separate, so together they are the whole answer). Stops adding repositories before
     * the answer would pass the size cap, and says which were left out.
     */
    private Answer acrossRepositories(DriftTool tool, Map<String, Object> arguments, List<String> known) {
        if (arguments.containsKey("repo") || arguments.containsKey("cursor")) {
            throw new ToolError("all_repos asks every repository's first page: give neither repo nor cursor (continue one "
                    + "repository with its repo and next_cursor)");
        }
        Map<String, Object> one = new java.util.LinkedHashMap<>(arguments);
        one.remove("all_repos");
        Map<String, Object> pages = new java.util.LinkedHashMap<>();
        List<String> left = new java.util.ArrayList<>();
        StringBuilder text = new StringBuilder();
        int bytes = 0;
        for (String repo : store.repositories()) {
            if (!left.isEmpty()) {
                left.add(repo);
                continue;
            }
            Answer a;
            try {
                a = tool.call(new Call(tool.name(), new Args(one, known), storeFor(Map.of("repo", repo))));
            } catch (ToolError | StorageException e) {
                a = new Answer(Map.of("error", e.getMessage()), e.getMessage() + "\n");
            }
            int size = Json.MAPPER.writeValueAsString(a.structured()).length() + a.text().length();
            if (bytes + size > Pager.MAX_BYTES && !pages.isEmpty()) {
                left.add(repo);
                continue;
            }
            bytes += size;
            pages.put(repo, a.structured());
            text.append("== ").append(repo).append('\n').append(a.text());
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("repositories", pages);
        out.put("truncated", !left.isEmpty());
        if (!left.isEmpty()) {
            out.put("left_out", left);
            text.append("… ").append(left.size()).append(" more repositories: ask them with repo=").append(left.get(0)).append('\n');
        }
        return new Answer(out, text.toString());
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    /** Accepts every input: the tools validate their own arguments. */
    private static final JsonSchemaValidator ACCEPT = (schema, instance) -> JsonSchemaValidator.ValidationResponse.asValid(null);
}
