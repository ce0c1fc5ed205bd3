package drift.mcp.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes a list answer bounded: at most {@code limit} items from the cursor's position, and no more than fit the
 * byte cap ({@value #MAX_BYTES} bytes of JSON and text together, so a whole response stays under 64 KiB) and
 * the caller's token budget ({@code max_tokens}, at about 4 bytes of JSON a token). The answer says how many
 * items it holds, the total when the list knows it, whether it is truncated and why, the cursor of the next
 * page, and its estimated tokens. Paging to the end returns every item exactly once, in order.
 */
public final class Pager {
    /** The largest page. */
    public static final int MAX_LIMIT = 500;
    /** The smallest and largest token budgets. */
    public static final int MIN_TOKENS = 200;
    /** The largest token budget: the byte cap's worth. */
    public static final int MAX_TOKENS = 16_000;
    /** JSON and text of one answer together, in bytes; with the protocol's envelope, a response stays under 64 KiB. */
    public static final int MAX_BYTES = 60 * 1024;
    /** Bytes per token, for the estimate (a JSON answer of ids and paths tokenizes at 3.5 to 4.5). */
    static final int BYTES_PER_TOKEN = 4;
    /** How many times an answer is made again when a write commits while it is being read. */
    private static final int ATTEMPTS = 3;

    /** Items from a position on: a page's worth or more, whether more follow, and the total if it is known. */
    public record Slice(List<Map<String, Object>> items, boolean more, Long total) {
        /** A slice of a list held whole. */
        public static Slice of(List<Map<String, Object>> all, int offset, int max) {
            return of(all, offset, max, Function.identity());
        }

        /** A slice of a list held whole, only the slice's items made into maps. */
        public static <T> Slice of(List<T> all, int offset, int max, Function<T, Map<String, Object>> map) {
            int from = Math.min(offset, all.size());
            int to = (int) Math.min((long) from + max, all.size());
            return new Slice(all.subList(from, to).stream().map(map).toList(), to < all.size(), (long) all.size());
        }
    }

    /** A list to page through. */
    @FunctionalInterface
    public interface Listing {
        /** At least {@code max} items from {@code offset} on (fewer only at the end), or more when that is as cheap. */
        Slice fetch(int offset, int max);
    }

    private final Call call;

    Pager(Call call) {
        this.call = call;
    }

    /**
     * One page of {@code listing}.
     *
     * @param defaultLimit the page size when the caller gives none
     * @param head fields of the answer beside the items (what the list is of), computed once per attempt
     * @param listing the items
     * @param heading the text rendering's first line, from the head
     * @param line one item's line of text
     */
    public Answer page(int defaultLimit, java.util.function.Supplier<Map<String, Object>> head, Listing listing,
                       Function<Map<String, Object>, String> heading, Function<Map<String, Object>, String> line) {
        Args args = call.args();
        int limit = (int) args.integer("limit", defaultLimit, 1, MAX_LIMIT);
        Long tokens = args.has("max_tokens") ? args.integer("max_tokens", 0, MIN_TOKENS, MAX_TOKENS) : null;
        for (int attempt = 1; ; attempt++) {
            long version = call.store().version();
            int offset = args.has("cursor") ? Cursor.decode(args.string("cursor"), call.tool(), args.selection(), version) : 0;
            Map<String, Object> h = head.get();
            Slice slice = listing.fetch(offset, limit);
            // a write that committed while the answer was read could have given a mixture: read it again
            if (call.store().version() != version && attempt < ATTEMPTS) {
                continue;
            }
            return build(h, slice, offset, limit, tokens, version, heading, line);
        }
    }

    private Answer build(Map<String, Object> head, Slice slice, int offset, int limit, Long tokens, long version,
                         Function<Map<String, Object>, String> heading, Function<Map<String, Object>, String> line) {
        int jsonBudget = tokens == null ? MAX_BYTES : (int) Math.min(MAX_BYTES, tokens * BYTES_PER_TOKEN);
        String first = heading.apply(head);
        int json = Json.bytes(head) + 400; // the paging fields and the envelope around the items
        int text = utf8(first) + 200;
        List<Map<String, Object>> items = new ArrayList<>();
        StringBuilder lines = new StringBuilder(first).append('\n');
        String limitedBy = null;
        int available = Math.min(limit, slice.items().size());
        for (int i = 0; i < available; i++) {
            Map<String, Object> item = slice.items().get(i);
            int size = Json.bytes(item) + 1;
            String l = line.apply(item);
            int lineSize = utf8(l) + 1;
            if (json + size > jsonBudget || json + size + text + lineSize > MAX_BYTES) {
                if (!items.isEmpty()) {
                    limitedBy = tokens != null && json + size > jsonBudget ? "max_tokens" : "size";
                    break;
                }
                // one item alone is too large: it is shortened, never left out (the next page would start at it again)
                item = Trim.toFit(item, Math.max(512, Math.min(jsonBudget, MAX_BYTES / 2) - json));
                size = Json.bytes(item) + 1;
                l = line.apply(item);
                if (utf8(l) > MAX_BYTES / 4) {
                    l = l.substring(0, MAX_BYTES / 16) + "…";
                }
                lineSize = utf8(l) + 1;
            }
            items.add(item);
            lines.append(l).append('\n');
            json += size;
            text += lineSize;
        }
        int returned = items.size();
        boolean more = returned < slice.items().size() || slice.more();
        if (limitedBy == null && more) {
            limitedBy = "limit";
        }
        Map<String, Object> out = new LinkedHashMap<>(head);
        out.put("items", items);
        out.put("count", returned);
        out.put("offset", offset);
        if (slice.total() != null) {
            out.put("total", slice.total());
        }
        out.put("truncated", more);
        if (more) {
            out.put("limited_by", limitedBy);
            out.put("next_cursor", Cursor.encode(call.tool(), call.args().selection(), (long) offset + returned, version));
        }
        out.put("estimated_tokens", 0);
        out.put("estimated_tokens", estimate(out));
        if (returned == 0) {
            lines.append(offset == 0 ? "(none)\n" : "(no more)\n");
        }
        if (more) {
            lines.append("… more: call again with cursor=").append(out.get("next_cursor")).append('\n');
        }
        return new Answer(out, lines.toString());
    }

    /** The estimated tokens of a structured answer. */
    static long estimate(Map<String, Object> structured) {
        return (Json.bytes(structured) + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN;
    }

    /** A single (not listed) answer, shortened if it would not fit the cap, with its estimated tokens. */
    static Answer single(Map<String, Object> structured, String text) {
        Map<String, Object> out = structured;
        if (Json.bytes(out) > MAX_BYTES * 3 / 4) {
            out = Trim.toFit(out, MAX_BYTES * 3 / 4);
        }
        out = new LinkedHashMap<>(out);
        out.put("estimated_tokens", 0);
        out.put("estimated_tokens", estimate(out));
        String t = utf8(text) > MAX_BYTES / 4 ? text.substring(0, MAX_BYTES / 16) + "…\n" : text;
        return new Answer(out, t);
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
