package drift.mcp.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Opaque page cursors: the position in a list, bound to the tool, to the arguments that chose the list and to
 * the store's data version. A cursor used with other arguments, by another tool, or after the store changed
 * fails with a message that says so, instead of a page from another answer.
 */
final class Cursor {
    private static final String MAGIC = "d1";

    private Cursor() {
    }

    static String encode(String tool, String selection, long offset, long version) {
        String raw = MAGIC + "|" + tool + "|" + digest(selection) + "|" + offset + "|" + version;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset the cursor points at; a clear error when it is not this list's, or the store changed. */
    static int decode(String cursor, String tool, String selection, long version) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notOurs();
        }
        String[] parts = raw.split("\\|", -1);
        if (parts.length != 5 || !parts[0].equals(MAGIC)) {
            throw notOurs();
        }
        long offset;
        long made;
        try {
            offset = Long.parseLong(parts[3]);
            made = Long.parseLong(parts[4]);
        } catch (NumberFormatException e) {
            throw notOurs();
        }
        if (!parts[1].equals(tool)) {
            throw new ToolError("this cursor belongs to the tool '" + parts[1] + "', not '" + tool + "'");
        }
        if (!parts[2].equals(digest(selection))) {
            throw new ToolError("this cursor was made for other arguments: repeat the call that returned it with the same "
                    + "arguments (only limit and max_tokens may change), or drop the cursor to start again");
        }
        if (made != version) {
            throw new ToolError("the store changed since this cursor was made (a scan or another write committed): call again "
                    + "without a cursor for the new answer");
        }
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            throw notOurs();
        }
        return (int) offset;
    }

    private static ToolError notOurs() {
        return new ToolError("'cursor' is not a cursor this server made: pass the next_cursor of a previous answer unchanged, "
                + "or leave it out for the first page");
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
