package drift.jmh;

import drift.storage.api.DatabaseManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The JSONB encoder against SQLite itself: what it writes must be strictly valid JSONB and mean the same
 * as the JSON text of the same value. (A unit test of the benchmarks' helper; no benchmark runs here.)
 */
class JsonbTest {
    private static BenchStore store;
    private static DatabaseManager db;

    @BeforeAll
    static void open() {
        store = BenchStore.open("jsonbtest", s -> { });
        db = store.db();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** json(blob) as SQLite prints it, after checking the blob is well-formed JSONB (json_valid flag 8). */
    private static String decode(byte[] jsonb) {
        long valid = db.read(r -> r.queryLong("SELECT json_valid(?, 8)", (Object) jsonb));
        assertEquals(1, valid, "not strictly valid JSONB");
        return db.read(r -> r.first("SELECT json(?)", row -> row.getString(1), (Object) jsonb).orElseThrow());
    }

    /** The same text minified by SQLite, to compare with {@link #decode}. */
    private static String canonical(String json) {
        return db.read(r -> r.first("SELECT json(?)", row -> row.getString(1), json).orElseThrow());
    }

    @Test
    void scalarsAndSmallArrays() {
        assertEquals("[]", decode(new Jsonb(0).beginArray().endArray().toByteArray()));
        assertArrayEquals(new byte[] {0x0B}, new Jsonb(0).beginArray().endArray().toByteArray(), "empty array: one header byte");
        assertEquals("[0,7,-1,9223372036854775807,-9223372036854775808,null]", decode(new Jsonb(4).beginArray()
                .integer(0).integer(7).integer(-1).integer(Long.MAX_VALUE).integer(Long.MIN_VALUE).nul().endArray().toByteArray()));
        assertEquals("[[1,\"a\",2],[]]", decode(new Jsonb(4).beginArray().beginArray().integer(1).text("a").integer(2)
                .endArray().beginArray().endArray().endArray().toByteArray()));
    }

    @Test
    void textIsRawUtf8AndNeedsNoEscapes() {
        String tricky = "quote \" backslash \\ tab \t newline \n é € 😀";
        String decoded = decode(new Jsonb(0).beginArray().text(tricky).endArray().toByteArray());
        assertEquals(canonical("[" + quote(tricky) + "]"), decoded);
        String value = db.read(r -> r.first("SELECT value FROM json_each(?)", row -> row.getString(1),
                (Object) new Jsonb(0).beginArray().text(tricky).endArray().toByteArray()).orElseThrow());
        assertEquals(tricky, value);
        // a lone surrogate is written as '?', as String.getBytes(UTF_8) writes it
        assertEquals("[\"a?b\"]", decode(new Jsonb(0).beginArray().text("a\uD800b").endArray().toByteArray()));
    }

    @Test
    void everyHeaderSize() {
        // payloads of 11 (size in the header byte), 12 and 255 (1 size byte), 256 and 65535 (2), 65536+ (4)
        for (int len : new int[] {10, 11, 12, 200, 254, 255, 256, 300, 65_534, 65_535, 65_536, 70_000, 300_000}) {
            String s = "x".repeat(len);
            byte[] text = new Jsonb(0).text(s).toByteArray();
            assertEquals(Jsonb.headerLength(len) + len, text.length);
            assertEquals(quote(s), decode(text));
            // an array around it: its header grows by the element's, and nested arrays are moved up to theirs
            byte[] nested = new Jsonb(0).beginArray().beginArray().text(s).endArray().integer(len).endArray().toByteArray();
            assertEquals("[[" + quote(s) + "]," + len + "]", decode(nested));
        }
    }

    @Test
    void callRowsEncodeTheSameAsJsonText() {
        List<CallRow> rows = CallRow.generate(2_000, 42, 50_000);
        byte[] jsonb = CallRow.jsonb(rows);
        assertEquals(canonical(CallRow.json(rows)), decode(jsonb));
        long same = db.read(r -> r.queryLong("SELECT count(*) FROM jsonb_each(?1) AS b JOIN json_each(?2) AS t USING (key)"
                + " WHERE b.value->>0 = t.value->>0 AND b.value->>1 = t.value->>1 AND b.value->>2 = t.value->>2"
                + " AND typeof(b.value->>0) = 'integer' AND typeof(b.value->>1) = 'text'", jsonb, CallRow.json(rows)));
        assertEquals(rows.size(), same);
    }

    @Test
    void unclosedArraysAreRefused() {
        assertThrows(IllegalStateException.class, () -> new Jsonb(0).beginArray().toByteArray());
        assertThrows(IllegalStateException.class, () -> new Jsonb(0).endArray());
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
