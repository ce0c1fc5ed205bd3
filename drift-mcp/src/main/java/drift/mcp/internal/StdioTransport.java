package drift.mcp.internal;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import reactor.core.publisher.Mono;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * MCP over a pair of streams, one message a line, with no thread between a request and its answer: one thread
 * reads a line, hands the message to the session, and the answer is written by the thread that made it. The
 * SDK's own stdio transport passes every message through a queue to a reader and a writer thread; on a busy
 * two-core machine each hand-off costs a thread wake-up (0.1–0.2 ms), a good part of a small call's latency.
 * Answers and notifications are written whole, under the output's lock (the {@link JsonRpcGuard}'s error
 * replies take the same lock).
 */
final class StdioTransport implements McpServerTransportProvider {
    private static final System.Logger LOG = System.getLogger("drift.mcp");

    private final McpJsonMapper mapper;
    private final InputStream in;
    private final OutputStream out;
    private final CountDownLatch ended;
    private volatile McpServerSession session;
    private volatile boolean closing;

    /** Reads messages from {@code in} (lines: the guard's well-formed ones) and writes to {@code out}; counts {@code ended} down at the input's end. */
    StdioTransport(McpJsonMapper mapper, InputStream in, OutputStream out, CountDownLatch ended) {
        this.mapper = mapper;
        this.in = in;
        this.out = out;
        this.ended = ended;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        session = factory.create(new Session());
        Thread reader = new Thread(this::read, "drift-mcp-stdio");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null && !closing; line = lines.readLine()) {
                McpSchema.JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(mapper, line);
                } catch (RuntimeException | IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "drift mcp: a message it could not read was dropped: " + e.getMessage());
                    continue;
                }
                // a tool answers on this thread (the server executes immediately): its answer is written before the next line is read
                try {
                    session.handle(message).onErrorResume(e -> {
                        LOG.log(System.Logger.Level.WARNING, "drift mcp: handling a message failed: " + e.getMessage());
                        return Mono.empty();
                    }).subscribe();
                } catch (RuntimeException e) {
                    // the session refused it outright: the next message is still read
                    LOG.log(System.Logger.Level.WARNING, "drift mcp: handling a message failed: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            if (!closing) {
                LOG.log(System.Logger.Level.WARNING, "drift mcp: reading the client's stream failed: " + e.getMessage());
            }
        } finally {
            ended.countDown();
        }
    }

    private void write(McpSchema.JSONRPCMessage message) throws IOException {
        byte[] bytes = (mapper.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        McpServerSession s = session;
        return s == null ? Mono.empty() : s.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        closing = true;
        McpServerSession s = session;
        return s == null ? Mono.empty() : s.closeGracefully();
    }

    /** The session's side: a message sent is written when the send is subscribed to, on that thread. */
    private final class Session implements McpServerTransport {
        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.fromCallable(() -> {
                write(message);
                return null;
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return mapper.convertValue(data, type);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(() -> closing = true);
        }
    }
}
