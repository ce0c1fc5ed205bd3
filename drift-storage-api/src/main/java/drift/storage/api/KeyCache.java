package drift.storage.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The integer keys of one table's rows by their text ids, remembered on the writer side, so that child
 * rows (the calls of a function, the locations of a pattern) are written with their parent's key instead
 * of an index probe of the parent's text id per row inside SQLite (the probe was the largest single cost
 * of a bulk write).
 *
 * <p>A domain keeps one per database in a {@link WriterLocal} constant and uses it from its batch handlers
 * and write callbacks only (the writer thread; it is not thread-safe). It stays true to the database because
 * every change goes through it: {@link #put} after the parent rows are written, {@link #clear} when
 * parents are deleted, and any rollback of a batch or transaction that taught it a key clears it (see
 * {@link SqlWriter#onRollback}). An id it does not hold is looked up in the table, so a cache that was
 * cleared, or never saw an id written by an earlier process, only costs lookups. It holds at most
 * {@code capacity} ids; beyond that, ids are looked up instead of remembered.
 */
public final class KeyCache {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Ids per lookup statement: one bound JSON array each. */
    private static final int LOOKUP_CHUNK = 10_000;
    private static final long UNKNOWN = Long.MIN_VALUE;
    /** A capacity for a domain's parents: a million ids, at ~100 bytes an id (the id, its key, the map entry). */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private final String table;
    private final String lookup;
    private final int capacity;
    private final Map<String, Long> keys = new HashMap<>();
    private final Runnable clearAction = this::clear;

    /**
     * A cache of {@code table.keyColumn} by {@code table.idColumn} (a unique column).
     *
     * @param capacity the most ids held at once
     */
    public KeyCache(String table, String idColumn, String keyColumn, int capacity) {
        for (String name : new String[] {table, idColumn, keyColumn}) {
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("not an SQL identifier: " + name);
            }
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
        this.table = table;
        this.lookup = "SELECT " + idColumn + ", " + keyColumn + " FROM " + table + " WHERE " + idColumn + " IN ";
        this.capacity = capacity;
    }

    /**
     * Remembers that {@code id} has {@code key}: call it once the row is written, in the same batch or
     * write callback. Forgotten again (with everything else) if that batch or transaction rolls back.
     */
    public void put(SqlWriter w, String id, long key) {
        Objects.requireNonNull(id, "id");
        w.onRollback(clearAction);
        if (keys.size() < capacity || keys.containsKey(id)) {
            keys.put(id, key);
        }
    }

    /**
     * The key of each id, in order: remembered ones from memory, the others looked up in the table (a
     * statement per {@value #LOOKUP_CHUNK} distinct ids) and remembered.
     */
    public Keys keys(SqlWriter w, List<String> ids) {
        long[] out = new long[ids.size()];
        Set<String> missing = null;
        for (int i = 0; i < out.length; i++) {
            Long k = keys.get(ids.get(i));
            if (k != null) {
                out[i] = k;
            } else {
                out[i] = UNKNOWN;
                if (missing == null) {
                    missing = new LinkedHashSet<>();
                }
                missing.add(ids.get(i));
            }
        }
        if (missing != null) {
            Map<String, Long> found = lookUp(w, missing);
            found.forEach((id, key) -> put(w, id, key));
            for (int i = 0; i < out.length; i++) {
                if (out[i] == UNKNOWN) {
                    out[i] = found.getOrDefault(ids.get(i), UNKNOWN);
                }
            }
        }
        return new Keys(out);
    }

    /**
     * {@link #keys} for child rows whose parents must exist: refuses the batch at the first row naming an
     * id with no row ({@code field} names the row's field, {@code parent} what the id names, e.g. "function").
     *
     * @throws RowRejectedException for that row, e.g. "no function 'a.ts:f:1' (write the function first)"
     */
    public Keys existing(SqlWriter w, List<String> ids, String field, String parent) {
        Keys found = keys(w, ids);
        int unknown = found.firstUnknown();
        if (unknown >= 0) {
            throw new RowRejectedException(unknown, field, "no " + parent + " '" + ids.get(unknown) + "' (write the " + parent
                    + " first)");
        }
        return found;
    }

    private Map<String, Long> lookUp(SqlWriter w, Set<String> ids) {
        Map<String, Long> found = new HashMap<>(ids.size() * 2);
        List<String> all = new ArrayList<>(ids);
        String sql = lookup + w.dialect().jsonTexts();
        for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
            w.forEach(sql, row -> {
                found.put(row.getString(1), row.getLong(2));
                return true;
            }, JsonArray.of(chunk));
        }
        return found;
    }

    /**
     * The table whose keys this caches. The engine forgets every id of a cache whose table it removes rows
     * from itself (a file replaced by a scan, say).
     */
    public String table() {
        return table;
    }

    /** Forgets one id: its row was deleted. */
    public void remove(String id) {
        keys.remove(id);
    }

    /** Forgets every id: after parent rows were deleted or replaced. */
    public void clear() {
        keys.clear();
    }

    /** How many ids it holds now. */
    public int size() {
        return keys.size();
    }

    /** The keys of a list of ids, by position. */
    public static final class Keys {
        private final long[] keys;

        private Keys(long[] keys) {
            this.keys = keys;
        }

        /** The key of the id at {@code index}; fails for an id with no row (check {@link #firstUnknown} first). */
        public long of(int index) {
            long k = keys[index];
            if (k == UNKNOWN) {
                throw new IllegalStateException("the id at " + index + " has no row");
            }
            return k;
        }

        /** Whether the id at {@code index} has a row. */
        public boolean has(int index) {
            return keys[index] != UNKNOWN;
        }

        /** The index of the first id that has no row, or -1 when every id has one. */
        public int firstUnknown() {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == UNKNOWN) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * The indexes 0..n-1 ordered by key (ties keep their order, ids with no row first). Child rows
         * written in their parent's key order make the inserts into an index led by that key land next
         * to each other instead of all over the index.
         */
        public List<Integer> inKeyOrder() {
            int n = keys.length;
            long min = 0;
            long max = 0;
            for (long k : keys) {
                min = Math.min(min, k);
                max = Math.max(max, k);
            }
            Integer[] order = new Integer[n];
            if (min >= 0 && max < (1L << 40) && n < (1 << 23)) {
                // key and index packed into one long: a primitive sort, ties in index order
                long[] packed = new long[n];
                for (int i = 0; i < n; i++) {
                    packed[i] = keys[i] << 23 | i;
                }
                Arrays.sort(packed);
                for (int i = 0; i < n; i++) {
                    order[i] = (int) (packed[i] & ((1 << 23) - 1));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
            }
            return Arrays.asList(order);
        }

        /** The distinct keys, ascending (unknown ids left out). */
        public List<Long> distinct() {
            return Arrays.stream(keys).filter(k -> k != UNKNOWN).sorted().distinct().boxed().toList();
        }
    }
}
