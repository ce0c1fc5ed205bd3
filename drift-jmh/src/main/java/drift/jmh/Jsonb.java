package drift.jmh;

import java.util.Arrays;

/**
 * Writes SQLite's binary JSON (JSONB, SQLite 3.45 and later, sqlite.org/jsonb.html) straight into a byte
 * array, so a whole batch of rows can be bound as one BLOB and read by {@code jsonb_each(?)} without
 * SQLite parsing any text.
 *
 * <p>Each element is a header and a payload. The header's first byte holds the type in its low four bits
 * and, in its high four bits, the payload size when it is 0 to 11, or 12, 13, 14, 15 when the size
 * follows in 1, 2, 4 or 8 big-endian bytes. This writer always uses the smallest header. An array's size
 * is known only once its elements are written, so {@link #beginArray} reserves the largest header and
 * {@link #endArray} writes the real one: the outermost array's header is written right in front of its
 * payload (the result starts there), a nested one's is written in place and its (small) payload moved
 * up to it.
 *
 * <p>Not thread-safe; one builder per value.
 */
final class Jsonb {
    /** Element types (the low four bits of a header). */
    static final int NULL = 0;
    static final int INT = 3;
    static final int TEXTRAW = 10;
    static final int ARRAY = 11;

    private static final int MAX_HEADER = 9;

    private byte[] buf;
    private int pos;
    private int first;
    private int[] open = new int[8];
    private int depth;

    /** A builder whose buffer starts at {@code capacity} bytes (it grows as needed). */
    Jsonb(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    /** Starts an array; its elements follow until {@link #endArray}. */
    Jsonb beginArray() {
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
        }
        ensure(MAX_HEADER);
        open[depth++] = pos;
        pos += MAX_HEADER;
        return this;
    }

    /** Ends the innermost open array. */
    Jsonb endArray() {
        if (depth == 0) {
            throw new IllegalStateException("no open array");
        }
        int start = open[--depth];
        int payload = start + MAX_HEADER;
        int size = pos - payload;
        int h = headerLength(size);
        if (depth == 0) {
            // the outermost value: the header goes just before the payload, nothing moves
            first = payload - h;
            writeHeader(first, ARRAY, size);
        } else {
            writeHeader(start, ARRAY, size);
            System.arraycopy(buf, payload, buf, start + h, size);
            pos = start + h + size;
        }
        return this;
    }

    /** An integer: its decimal digits (JSONB's INT payload is the text JSON would have). */
    Jsonb integer(long v) {
        if (v < 0) {
            // rare here; the sign and Long.MIN_VALUE make the digit loop below not worth it
            byte[] digits = Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            header(INT, digits.length);
            System.arraycopy(digits, 0, buf, pos, digits.length);
            pos += digits.length;
            return this;
        }
        int n = 1;
        for (long x = v; x >= 10; x /= 10) {
            n++;
        }
        header(INT, n);
        for (int i = pos + n - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos += n;
        return this;
    }

    /**
     * A string, as TEXTRAW: plain UTF-8 with no JSON escapes, so nothing needs escaping here. A lone
     * surrogate becomes {@code ?}, as {@code String.getBytes(UTF_8)} (and so the driver's binding) makes it.
     */
    Jsonb text(String s) {
        if (s == null) {
            return nul();
        }
        header(TEXTRAW, utf8Length(s));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | c >> 6);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xF0 | cp >> 18);
                buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                buf[pos++] = '?';
            } else {
                buf[pos++] = (byte) (0xE0 | c >> 12);
                buf[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return this;
    }

    /** JSON null. */
    Jsonb nul() {
        header(NULL, 0);
        return this;
    }

    /** The encoded value; every array must be closed. */
    byte[] toByteArray() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " array(s) still open");
        }
        return Arrays.copyOfRange(buf, first, pos);
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Writes the header of an element whose payload of {@code size} bytes follows at once. */
    private void header(int type, int size) {
        int h = headerLength(size);
        ensure(h + size);
        writeHeader(pos, type, size);
        pos += h;
    }

    static int headerLength(long size) {
        if (size <= 11) {
            return 1;
        } else if (size <= 0xFF) {
            return 2;
        } else if (size <= 0xFFFF) {
            return 3;
        } else if (size <= 0xFFFF_FFFFL) {
            return 5;
        }
        return 9;
    }

    private void writeHeader(int at, int type, long size) {
        int h = headerLength(size);
        if (h == 1) {
            buf[at] = (byte) (size << 4 | type);
            return;
        }
        int code = switch (h) {
            case 2 -> 12;
            case 3 -> 13;
            case 5 -> 14;
            default -> 15;
        };
        buf[at] = (byte) (code << 4 | type);
        for (int i = h - 1; i >= 1; i--) {
            buf[at + i] = (byte) size;
            size >>>= 8;
        }
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
