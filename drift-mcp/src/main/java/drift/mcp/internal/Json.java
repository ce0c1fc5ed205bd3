package drift.mcp.internal;

import tools.jackson.databind.json.JsonMapper;


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
        Counting counted = new Counting();
        MAPPER.writeValue(counted, value);
        return counted.bytes;
    }

    /** Counts what is written to it (Jackson writes UTF-8 to a stream: no text or byte copy is made). */
    private static final class Counting extends java.io.OutputStream {
        int bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
