package drift.mcp.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stands between the client's stream and the SDK's stdio transport, which stops reading for good at the first
 * line that is not a JSON-RPC message. A line that is not JSON gets the protocol's parse error (-32700), one that
 * is JSON but not a request, notification or response gets "invalid request" (-32600), both written straight to
 * the client; the SDK only ever sees well-formed messages, and the server keeps serving.
 */
final class JsonRpcGuard extends InputStream {
    /** One message line at most (a client's request is small; anything larger is refused, not buffered). */
    private static final int MAX_LINE = 4 << 20;

    /** How long the end of the input waits for answers still being made, when none comes. */
    static final long DRAIN_MILLIS = 60_000;

    private final InputStream in;
    private final OutputStream out;
    private final Lines written;
    private long requests;
    private long replies;
    private byte[] line = new byte[0];
    private int pos;

    private final long drainMillis;

    JsonRpcGuard(InputStream in, Lines written, long drainMillis) {
        this.drainMillis = drainMillis;
        this.in = in;
        this.out = written;
        this.written = written;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return line[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Makes the next well-formed message line current; false at the end of the stream. */
    private boolean fill() throws IOException {
        while (pos >= line.length) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            boolean tooLong = false;
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (buf.size() < MAX_LINE) {
                    buf.write(c);
                } else {
                    tooLong = true;
                }
            }
            if (c == -1 && buf.size() == 0) {
                drain();
                return false;
            }
            String text = buf.toString(StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                continue;
            }
            String problem = tooLong ? "a message line is limited to " + MAX_LINE + " bytes" : check(text);
            if (problem == null) {
                line = (text + "\n").getBytes(StandardCharsets.UTF_8);
                pos = 0;
                if (text.contains("\"method\"") && text.contains("\"id\"")) {
                    requests++;
                }
            } else {
                reply(text, problem);
            }
        }
        return true;
    }

    /**
     * The client closed its side: the transport drops what it has not written once it sees the end, so the end
     * waits until every request passed on has been answered (a client that sends its requests and then closes,
     * as a script does, gets every answer), or until no answer came for a while.
     */
    private void drain() {
        long last = written.count();
        long quietSince = System.nanoTime();
        while (written.count() - replies < requests && System.nanoTime() - quietSince < drainMillis * 1_000_000) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (written.count() != last) {
                last = written.count();
                quietSince = System.nanoTime();
            }
        }
    }

    /** The client's output, counting the messages written to it (one a line). */
    static final class Lines extends java.io.FilterOutputStream {
        private final java.util.concurrent.atomic.AtomicLong lines = new java.util.concurrent.atomic.AtomicLong();

        Lines(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            if (b == '\n') {
                lines.incrementAndGet();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines.incrementAndGet();
                }
            }
        }

        long count() {
            return lines.get();
        }
    }

    /** Null when {@code text} is a JSON-RPC 2.0 message the transport can take, else why not. */
    private static String check(String text) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JacksonException e) {
            return "parse";
        }
        if (node == null || !node.isObject()) {
            return node != null && node.isArray() ? "batches are not supported: send one message per line" : "a message must be a JSON object";
        }
        if (!"2.0".equals(node.path("jsonrpc").asString(null))) {
            return "'jsonrpc' must be \"2.0\"";
        }
        JsonNode method = node.get("method");
        if (method != null) {
            if (!method.isString()) {
                return "'method' must be a string";
            }
            JsonNode id = node.get("id");
            if (id != null && !id.isString() && !id.isIntegralNumber() && !id.isNull()) {
                return "'id' must be a string or an integer";
            }
            JsonNode params = node.get("params");
            if (params != null && !params.isObject() && !params.isNull()) {
                return "'params' must be an object";
            }
            return null;
        }
        if (node.has("id") && (node.has("result") || node.has("error"))) {
            return null;
        }
        return "neither a request (method) nor a response (id with result or error)";
    }

    private void reply(String text, String problem) throws IOException {
        Object id = null;
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node != null && node.isObject() && node.has("id") && (node.get("id").isString() || node.get("id").isIntegralNumber())) {
                id = node.get("id").isString() ? node.get("id").asString() : (Object) node.get("id").asLong();
            }
        } catch (JacksonException ignored) {
            // not JSON at all: no id to answer to
        }
        Map<String, Object> error = new LinkedHashMap<>();
        boolean parse = problem.equals("parse");
        error.put("code", parse ? -32700 : -32600);
        error.put("message", parse ? "parse error: the line is not JSON" : "invalid request: " + problem);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", id);
        response.put("error", error);
        byte[] bytes = (Json.write(response) + "\n").getBytes(StandardCharsets.UTF_8);
        // the transport writes its messages whole under the same lock
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
        replies++;
    }
}
