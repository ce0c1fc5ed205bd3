package drift.domain.patterns.internal;

import drift.domain.patterns.Category;
import drift.domain.patterns.LocationRow;
import drift.domain.patterns.Pattern;
import drift.domain.patterns.PatternQuery;
import drift.domain.patterns.PatternRow;
import drift.domain.patterns.PatternStatus;
import drift.domain.patterns.PatternStore;
import drift.domain.patterns.Severity;
import drift.storage.api.Fields;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.DatasetImporter;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.RowFiles;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.TableScope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The patterns domain: schema, batch handlers, importers, named queries, status and clearing. */
public final class PatternsDomain implements StorageDomain {
    /** The domain id, also the prefix of its tables. */
    public static final String ID = "patterns";

    private static final List<String> FILTERS = List.of("category", "status", "min_confidence", "file", "severity", "order",
            "limit", "offset", "cursor");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "detected patterns with their locations and outliers; review workflow; full-text search";
    }

    @Override
    public void contribute(DomainRegistrar r) {
        // each dialect's migrations in its own folder; PostgreSQL's version 1 is SQLite's schema after version 3
        String dir = r.dialect().folder() + "/";
        r.migration(Migration.load(getClass()::getResourceAsStream, 1, "patterns, locations, full-text index", dir + "V1__patterns.sql"));
        r.migration(Migration.load(getClass()::getResourceAsStream, 2, "locations keyed by the pattern's integer key",
                dir + "V2__location_keys.sql"));
        r.migration(Migration.load(getClass()::getResourceAsStream, 3, "review decisions apart, patterns by scan",
                dir + "V3__scans_and_decisions.sql"));
        r.rows(PatternStore.PATTERN, PatternWrites::writePatterns);
        r.rows(PatternStore.LOCATION, PatternWrites::writeLocations);
        // a location belongs to its file (and goes with its pattern); a pattern to the scans that report it
        r.scope(TableScope.scan("patterns_pattern", "scan_id"));
        r.scope(TableScope.file("patterns_location", "file"));
        r.scope(TableScope.parent("patterns_location", "pattern_pk", "patterns_pattern", "pk"));
        r.beforeRemoval(PatternWrites::beforeRemoval);
        r.importer(new DatasetImporter<>("patterns.ndjson", 10, PatternStore.PATTERN, PatternsDomain::patternRow));
        r.importer(new DatasetImporter<>("locations.ndjson", 20, PatternStore.LOCATION, PatternsDomain::locationRow,
                RowFiles.file("file", LocationRow::file)));
        r.status(PatternReads::status);
        r.clear(PatternWrites::clear);
        r.query(new NamedQuery("list", "patterns by filters, highest confidence first (or order=name); keyset cursor",
                FILTERS, (reader, a) -> PatternReads.query(reader, query(a)).patterns().stream().map(PatternsDomain::map).toList()));
        r.query(new NamedQuery("search", "full-text search over name, description and detector, best match first",
                concat("text", FILTERS), (reader, a) -> PatternReads.search(reader, a.get("text"), query(a)).stream()
                        .map(PatternsDomain::map).toList()));
        r.query(new NamedQuery("show", "one pattern with its locations and outliers", List.of("id"), (reader, a) ->
                PatternReads.detail(reader, required(a, "id")).map(d -> {
                    Map<String, Object> m = map(d.pattern());
                    m.put("files", d.files());
                    m.put("locations", d.locations().stream().map(PatternsDomain::map).toList());
                    m.put("outliers", d.outliers().stream().map(PatternsDomain::map).toList());
                    return List.of(m);
                }).orElse(List.of())));
        r.query(new NamedQuery("files", "the files a pattern occurs in", List.of("id"), (reader, a) ->
                PatternReads.files(reader, required(a, "id")).stream().map(f -> Map.<String, Object>of("file", f)).toList()));
    }

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
    }

    static PatternRow patternRow(Fields f) {
        return new PatternRow(f.string("id"), f.string("name"), Category.parse("category", f.string("category")),
                PatternStatus.parse("status", f.string("status")), f.number("confidence"),
                Severity.parse("severity", f.string("severity")), f.optString("description"), f.optString("detector"),
                f.optString("first_seen"), f.optString("last_seen"));
    }

    static LocationRow locationRow(Fields f) {
        return new LocationRow(f.string("pattern_id"), f.string("file"), f.integer("line"),
                f.optInteger("column") == null ? 0 : f.optInteger("column"), f.optInteger("end_line"), f.optInteger("end_column"),
                f.bool("is_outlier", false), f.optString("reason"), f.optNumber("deviation_score"));
    }

    private static String required(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null || v.isBlank()) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "argument '" + name + "' is required");
        }
        return v;
    }

    /** Parses the named queries' string arguments; errors name the argument. */
    static PatternQuery query(Map<String, String> a) {
        PatternQuery.Builder b = PatternQuery.builder();
        try {
            if (a.get("category") != null) {
                b.category(Category.parse("category", a.get("category")));
            }
            if (a.get("status") != null) {
                b.status(PatternStatus.parse("status", a.get("status")));
            }
            if (a.get("severity") != null) {
                b.severity(Severity.parse("severity", a.get("severity")));
            }
        } catch (drift.storage.api.RowRejectedException e) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
        if (a.get("min_confidence") != null) {
            b.minConfidence(number(a, "min_confidence"));
        }
        if (a.get("file") != null) {
            b.file(a.get("file"));
        }
        if (a.get("order") != null) {
            try {
                b.order(PatternQuery.Order.valueOf(a.get("order").toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "order must be confidence or name, was '" + a.get("order") + "'");
            }
        }
        if (a.get("limit") != null) {
            b.limit((int) number(a, "limit"));
        }
        if (a.get("offset") != null) {
            b.offset((int) number(a, "offset"));
        }
        b.cursor(a.get("cursor"));
        return b.build();
    }

    private static double number(Map<String, String> a, String name) {
        try {
            return Double.parseDouble(a.get(name));
        } catch (NumberFormatException e) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "argument '" + name + "' must be a number, was '" + a.get(name) + "'");
        }
    }

    static Map<String, Object> map(Pattern p) {
        PatternRow r = p.row();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("category", r.category().wire());
        m.put("status", r.status().wire());
        m.put("confidence", r.confidence());
        m.put("severity", r.severity().wire());
        m.put("description", r.description());
        m.put("detector", r.detector());
        m.put("first_seen", r.firstSeen());
        m.put("last_seen", r.lastSeen());
        m.put("approved_at", p.approvedAt());
        return m;
    }

    static Map<String, Object> map(LocationRow l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", l.file());
        m.put("line", l.line());
        m.put("column", l.column());
        m.put("end_line", l.endLine());
        m.put("end_column", l.endColumn());
        if (l.outlier()) {
            m.put("reason", l.reason());
            m.put("deviation_score", l.deviationScore());
        }
        return m;
    }
}
