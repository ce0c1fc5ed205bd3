package drift.mcp.internal;

import drift.storage.api.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server over a pair of streams, in this process: a client that writes all its requests and closes its side
 * (as a script does) gets every answer, one JSON message a line, in the order it asked, and the server returns.
 */
class StdioTransportTest {
    @TempDir
    Path dir;

    @Test
    void everyRequestOfAClosedInputIsAnsweredInOrderAndTheServerReturns() {
        List<String> lines = new ArrayList<>();
        lines.add("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
        lines.add("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        for (int id = 2; id <= 40; id++) {
            lines.add("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
        }
        lines.add("not json");
        lines.add("{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/list\"}");
        // the store does not exist: a tool error that says so, and the server goes on
        lines.add("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"status\",\"arguments\":{}}}");
        lines.add("{\"jsonrpc\":\"2.0\",\"id\":43,\"method\":\"ping\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Server.serve(DatabaseConfig.builder(dir.resolve("none.db").toString()).build(),
                new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)), out, "test");

        List<JsonNode> answers = out.toString(StandardCharsets.UTF_8).lines().map(Json.MAPPER::readTree).toList();
        List<Long> ids = new ArrayList<>();
        for (JsonNode a : answers) {
            assertEquals("2.0", a.path("jsonrpc").asString(), a.toString());
            ids.add(a.path("id").isNull() ? -1L : a.path("id").asLong());
        }
        List<Long> expected = new ArrayList<>();
        for (long id = 1; id <= 40; id++) {
            expected.add(id);
        }
        expected.addAll(List.of(-1L, 41L, 42L, 43L));
        assertEquals(expected, ids, "one answer per request, in order; the bad line's error where it stood");
        assertEquals(-32700, answers.get(40).path("error").path("code").asInt());
        assertTrue(answers.get(41).path("result").path("tools").size() > 10, answers.get(41).toString());
        JsonNode status = answers.get(42).path("result");
        assertTrue(status.path("isError").asBoolean(), status.toString());
        assertTrue(status.path("content").get(0).path("text").asString().contains("none.db"), status.toString());
    }
}
