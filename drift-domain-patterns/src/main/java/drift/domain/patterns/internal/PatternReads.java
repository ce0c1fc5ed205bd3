package drift.domain.patterns.internal;

import drift.domain.patterns.Category;
import drift.domain.patterns.LocationRow;
import drift.domain.patterns.Pattern;
import drift.domain.patterns.PatternDetail;
import drift.domain.patterns.PatternPage;
import drift.domain.patterns.PatternQuery;
import drift.domain.patterns.PatternRow;
import drift.domain.patterns.PatternStatus;
import drift.domain.patterns.Severity;
import drift.storage.api.Row;
import drift.storage.api.SqlDialect;
import drift.storage.api.SqlReader;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read side: filtered and keyset-paged queries, full-text search, details, status. */
public final class PatternReads {
    private static final String COLUMNS = "p.id, p.name, p.category, p.status, p.confidence, p.severity, p.description, "
            + "p.detector, p.first_seen, p.last_seen, p.status_changed_at, p.approved_at";

    private PatternReads() {
    }

    static Pattern pattern(Row r) {
        return new Pattern(new PatternRow(r.getString("id"), r.getString("name"), Category.parse("category", r.getString("category")),
                PatternStatus.parse("status", r.getString("status")), r.getDouble("confidence"),
                Severity.parse("severity", r.getString("severity")), r.getString("description"), r.getString("detector"),
                r.getString("first_seen"), r.getString("last_seen")), r.getString("status_changed_at"), r.getString("approved_at"));
    }

    /** WHERE fragments and their bound values, built from fixed SQL pieces only. */
    private static final class Where {
        final List<String> clauses = new ArrayList<>();
        final List<Object> params = new ArrayList<>();

        Where(PatternQuery q) {
            if (q.category() != null) {
                add("p.category = ?", q.category().wire());
            }
            if (q.status() != null) {
                add("p.status = ?", q.status().wire());
            }
            if (q.minConfidence() != null) {
                add("p.confidence >= ?", q.minConfidence());
            }
            if (q.severity() != null) {
                add("p.severity = ?", q.severity().wire());
            }
            if (q.file() != null) {
                add("p.pk IN (SELECT pattern_pk FROM patterns_location WHERE file = ?)", q.file());
            }
        }

        void add(String clause, Object... values) {
            clauses.add(clause);
            params.addAll(List.of(values));
        }

        String sql() {
            return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        }
    }

    /** Filtered patterns in confidence or name order, with a keyset cursor for the next page. */
    public static PatternPage query(SqlReader r, PatternQuery q) {
        Where where = new Where(q);
        boolean byName = q.order() == PatternQuery.Order.NAME;
        if (q.cursor() != null) {
            String[] c = decode(q.cursor(), byName);
            if (byName) {
                where.add("(p.name > ? OR (p.name = ? AND p.id > ?))", c[1], c[1], c[2]);
            } else {
                double conf = Double.parseDouble(c[1]);
                where.add("(p.confidence < ? OR (p.confidence = ? AND p.id > ?))", conf, conf, c[2]);
            }
        }
        String sql = "SELECT " + COLUMNS + " FROM patterns_pattern p" + where.sql()
                + (byName ? " ORDER BY p.name, p.id" : " ORDER BY p.confidence DESC, p.id") + " LIMIT ? OFFSET ?";
        List<Object> params = new ArrayList<>(where.params);
        params.add(q.limit() + 1);
        params.add(q.offset());
        List<Pattern> rows = r.list(sql, PatternReads::pattern, params.toArray());
        Optional<String> next = Optional.empty();
        if (rows.size() > q.limit()) {
            rows = rows.subList(0, q.limit());
            Pattern last = rows.get(rows.size() - 1);
            next = Optional.of(encode(byName, byName ? last.row().name() : Double.toString(last.row().confidence()), last.id()));
        }
        return new PatternPage(rows, next);
    }

    /** Full-text search over name, description and detector, best match first, with the same filters. */
    public static List<Pattern> search(SqlReader r, String text, PatternQuery q) {
        List<String> words = words(text);
        Where where = new Where(q);
        String sql;
        if (r.dialect() == SqlDialect.POSTGRESQL) {
            // the generated tsvector column: name (A) weighs most, then detector (B), then description (C)
            where.clauses.add(0, "p.search @@ to_tsquery('simple', ?)");
            where.params.add(0, tsQuery(words));
            sql = "SELECT " + COLUMNS + " FROM patterns_pattern p" + where.sql()
                    + " ORDER BY ts_rank('{0.0, 0.2, 0.4, 1.0}', p.search, to_tsquery('simple', ?)) DESC, p.id LIMIT ? OFFSET ?";
            where.params.add(tsQuery(words)); // the rank's query, after the filters
        } else {
            where.clauses.add(0, "patterns_fts MATCH ?");
            where.params.add(0, matchExpression(words));
            // name matches weigh most, then detector, then description
            // CROSS JOIN keeps the full-text index as the outer loop: driven from a filter's index instead,
            // SQLite would evaluate the MATCH once per candidate row (75 ms instead of 1 ms on W4c)
            sql = "SELECT " + COLUMNS + " FROM patterns_fts CROSS JOIN patterns_pattern p ON p.pk = patterns_fts.rowid"
                    + where.sql() + " ORDER BY bm25(patterns_fts, 5.0, 1.0, 2.0), p.id LIMIT ? OFFSET ?";
        }
        List<Object> params = new ArrayList<>(where.params);
        params.add(q.limit());
        params.add(q.offset());
        try {
            return r.list(sql, PatternReads::pattern, params.toArray());
        } catch (StorageException e) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "cannot search for \"" + text + "\": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Turns what a person typed into an FTS5 query that cannot be a syntax error: every word (letters and
     * digits, as the tokenizer splits them) becomes a quoted term, all required; a trailing {@code *} keeps
     * prefix search. FTS5 operators typed by the user are just words.
     */
    static String matchExpression(String text) {
        return matchExpression(words(text));
    }

    private static String matchExpression(List<String> words) {
        return String.join(" ", words.stream().map(w -> w.endsWith("*") ? "\"" + w.substring(0, w.length() - 1) + "\"*" : "\"" + w + "\"")
                .toList());
    }

    /** The same terms as a PostgreSQL {@code tsquery}: all required ({@code &}), a trailing {@code *} a prefix ({@code :*}). */
    private static String tsQuery(List<String> words) {
        return String.join(" & ", words.stream().map(w -> w.endsWith("*") ? "'" + w.substring(0, w.length() - 1).toLowerCase(java.util.Locale.ROOT)
                + "':*" : "'" + w.toLowerCase(java.util.Locale.ROOT) + "'").toList());
    }

    /** The words of {@code text} (letters and digits, as the tokenizer splits them), each with its {@code *} if it had one. */
    private static List<String> words(String text) {
        if (text == null) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "search text is required");
        }
        List<String> terms = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+(\\*)?").matcher(text);
        while (m.find()) {
            terms.add(m.group());
        }
        if (terms.isEmpty()) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "search text \"" + text + "\" has no words to search for");
        }
        return terms;
    }

    /** One pattern with its locations, outliers and files. */
    public static Optional<PatternDetail> detail(SqlReader r, String id) {
        return r.first("SELECT p.pk, " + COLUMNS + " FROM patterns_pattern p WHERE p.id = ?",
                row -> Map.entry(row.getLong("pk"), pattern(row)), id).map(found -> {
                    long pk = found.getKey();
                    List<LocationRow> locations = new ArrayList<>();
                    List<LocationRow> outliers = new ArrayList<>();
                    r.forEach("SELECT file, line, col, end_line, end_col, is_outlier, reason, deviation_score "
                            + "FROM patterns_location WHERE pattern_pk = ? ORDER BY file, line, col", row -> {
                                LocationRow l = new LocationRow(id, row.getString(1), row.getLong(2), row.getLong(3),
                                        row.getLongOrNull("end_line"), row.getLongOrNull("end_col"), row.getBoolean("is_outlier"),
                                        row.getString("reason"), row.getDoubleOrNull("deviation_score"));
                                (l.outlier() ? outliers : locations).add(l);
                                return true;
                            }, pk);
                    return new PatternDetail(found.getValue(), locations, outliers, files(r, pk));
                });
    }

    /** The distinct files a pattern occurs in. */
    public static List<String> files(SqlReader r, String id) {
        return r.first("SELECT pk FROM patterns_pattern WHERE id = ?", row -> row.getLong(1), id).map(pk -> files(r, pk))
                .orElse(List.of());
    }

    private static List<String> files(SqlReader r, long pk) {
        return r.list("SELECT DISTINCT file FROM patterns_location WHERE pattern_pk = ? ORDER BY file", row -> row.getString(1), pk);
    }

    /** The status section: read from counters, never by counting rows. */
    static Map<String, Object> status(SqlReader r) {
        Map<String, Long> c = Counters.read(r);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("patterns", c.getOrDefault("total", 0L));
        Map<String, Object> byStatus = new LinkedHashMap<>();
        for (PatternStatus s : PatternStatus.values()) {
            byStatus.put(s.wire(), c.getOrDefault("status:" + s.wire(), 0L));
        }
        out.put("by_status", byStatus);
        Map<String, Object> byCategory = new LinkedHashMap<>();
        for (Category cat : Category.values()) {
            long n = c.getOrDefault("category:" + cat.wire(), 0L);
            if (n > 0) {
                byCategory.put(cat.wire(), n);
            }
        }
        out.put("by_category", byCategory);
        out.put("locations", c.getOrDefault("locations", 0L));
        out.put("outliers", c.getOrDefault("outliers", 0L));
        return out;
    }

    private static String encode(boolean byName, String key, String id) {
        String raw = (byName ? "n" : "c") + "\u0000" + key + "\u0000" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor, boolean byName) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\u0000", -1);
            if (parts.length != 3 || !parts[0].equals(byName ? "n" : "c")) {
                throw new IllegalArgumentException("shape");
            }
            if (!byName) {
                Double.parseDouble(parts[1]);
            }
            return parts;
        } catch (IllegalArgumentException e) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "invalid cursor '" + cursor
                    + "' (use the next cursor of a page with the same order)");
        }
    }
}
