package drift.mcp.internal;

import drift.domain.patterns.Category;
import drift.domain.patterns.Pattern;
import drift.domain.patterns.PatternQuery;
import drift.domain.patterns.PatternStatus;
import drift.domain.patterns.PatternStore;
import drift.domain.patterns.Severity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code search_patterns}: full-text search and filters over detected patterns. */
final class SearchPatternsTool implements DriftTool {
    private static final List<String> CATEGORIES = Arrays.stream(Category.values()).map(Category::wire).toList();
    private static final List<String> STATUSES = Arrays.stream(PatternStatus.values()).map(PatternStatus::wire).toList();
    private static final List<String> SEVERITIES = Arrays.stream(Severity.values()).map(Severity::wire).toList();

    @Override
    public String name() {
        return "search_patterns";
    }

    @Override
    public boolean spansRepositories() {
        return true;
    }

    @Override
    public String description() {
        return "Find the conventions (patterns) drift detected in the codebase: full-text search over name, description and "
                + "detector (best match first), or, without text, every pattern matching the filters (by confidence or name). "
                + "Use it to learn how this codebase does something (auth, errors, API calls, logging) before writing code; "
                + "approved patterns are the ones people confirmed. get_pattern gives one pattern's locations.";
    }

    @Override
    public Schema schema() {
        return Schema.object()
                .string("text", "Words to search for (any order; not a query language). Leave out to list by the filters only.", false)
                .choice("category", "Only this category.", CATEGORIES, false)
                .choice("status", "Only this review status (approved: confirmed by a person).", STATUSES, false)
                .number("min_confidence", "Only patterns at least this confident (0 to 1).", 0, 1)
                .string("file", "Only patterns with a location in this file.", false)
                .choice("severity", "Only this severity.", SEVERITIES, false)
                .choice("order", "Without text: confidence (highest first, the default) or name.", List.of("confidence", "name"), false)
                .paged(20);
    }

    @Override
    public Answer call(Call call) {
        Args a = call.args();
        String text = a.optString("text");
        PatternQuery.Builder base = PatternQuery.builder();
        String category = a.choice("category", CATEGORIES);
        String status = a.choice("status", STATUSES);
        String severity = a.choice("severity", SEVERITIES);
        if (category != null) {
            base.category(Category.parse("category", category));
        }
        if (status != null) {
            base.status(PatternStatus.parse("status", status));
        }
        if (severity != null) {
            base.severity(Severity.parse("severity", severity));
        }
        Double min = a.number("min_confidence", 0, 1);
        if (min != null) {
            base.minConfidence(min);
        }
        String file = a.optString("file");
        if (file != null) {
            base.file(file);
        }
        if ("name".equals(a.choice("order", List.of("confidence", "name")))) {
            base.order(PatternQuery.Order.NAME);
        }
        PatternStore patterns = PatternStore.of(call.store().db());
        return call.pager().page(20, () -> {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("text", text);
            return head;
        }, (offset, max) -> {
            PatternQuery q = base.limit(Math.min(max + 1, 10_000)).offset(offset).build();
            List<Pattern> found = text == null ? patterns.queryPatterns(q).patterns() : patterns.searchPatterns(text, q);
            List<Map<String, Object>> items = new ArrayList<>();
            for (Pattern p : found.subList(0, Math.min(max, found.size()))) {
                Map<String, Object> m = Maps.pattern(p, false);
                String d = p.row().description();
                m.put("description", d == null || d.length() <= 200 ? d : d.substring(0, 200) + "…");
                items.add(m);
            }
            return new Pager.Slice(items, found.size() > max, null);
        }, h -> h.get("text") == null ? "patterns" : "patterns matching \"" + h.get("text") + "\"",
                m -> m.get("id") + "  " + m.get("category") + "/" + m.get("status") + "  " + m.get("confidence") + "  " + m.get("name"));
    }
}
