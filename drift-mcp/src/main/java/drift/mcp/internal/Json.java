package drift.mcp.internal;

import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

/** The one JSON mapper of the server (Jackson 3, as the rest of drift and the SDK's binding). */
public final class Json {
    /** Shared, thread-safe. */
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** The JSON text of plain values. */
    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** The size in UTF-8 bytes of the JSON text of {@code value}. */
    static int bytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8).length;
    }
}
