package drift.mcp.internal;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Only JSON-RPC messages reach the transport; every other line is answered with the protocol's error. */
class JsonRpcGuardTest {
    @Test
    void badLinesAreAnsweredAndSkippedGoodOnesPassWhole() throws Exception {
        String input = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                "not json at all",
                "",
                "[{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}]",
                "{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":4}",
                "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":[1]}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"result\":{}}") + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonRpcGuard guard = new JsonRpcGuard(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new JsonRpcGuard.Lines(out), 0);
        List<String> passed = new BufferedReader(new InputStreamReader(guard, StandardCharsets.UTF_8)).lines().toList();
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"result\":{}}"), passed);
        assertEquals(List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error: the line is not JSON\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request: batches are not supported: send one message per line\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32600,\"message\":\"invalid request: 'jsonrpc' must be \\\"2.0\\\"\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32600,\"message\":\"invalid request: neither a request (method) nor a response (id with result or error)\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request: 'id' must be a string or an integer\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32600,\"message\":\"invalid request: 'params' must be an object\"}}"),
                out.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
