package drift.mcp.internal;

import drift.domain.patterns.PatternDetail;
import drift.domain.patterns.PatternStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code get_pattern}: one pattern whole, its locations and outliers paged. */
final class GetPatternTool implements DriftTool {
    @Override
    public String name() {
        return "get_pattern";
    }

    @Override
    public String description() {
        return "One pattern by id (from search_patterns): its description, detector, review status and dates, and where it "
                + "occurs: the locations that follow it, then the outliers that deviate from it (with the reason), as a paged list. "
                + "Use the locations as examples to copy and the outliers as places that may need fixing.";
    }

    @Override
    public Schema schema() {
        return Schema.object().string("id", "The pattern's id.", true).paged(50);
    }

    @Override
    public Answer call(Call call) {
        String id = call.args().string("id");
        PatternStore patterns = PatternStore.of(call.store().db());
        PatternDetail[] detail = new PatternDetail[1];
        return call.pager().page(50, () -> {
            detail[0] = patterns.getPattern(id).orElseThrow(() -> new ToolError("no pattern has the id '" + id
                    + "' (search_patterns lists them)"));
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("pattern", Maps.pattern(detail[0].pattern(), true));
            head.put("files", detail[0].files().size());
            head.put("locations", detail[0].locations().size());
            head.put("outliers", detail[0].outliers().size());
            return head;
        }, (offset, max) -> {
            List<Map<String, Object>> all = new ArrayList<>();
            detail[0].locations().forEach(l -> all.add(Maps.location(l)));
            detail[0].outliers().forEach(l -> all.add(Maps.location(l)));
            return Pager.Slice.of(all, offset, max);
        }, h -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) h.get("pattern");
            return p.get("id") + ": " + p.get("name") + " (" + p.get("category") + ", " + p.get("status") + ", confidence "
                    + p.get("confidence") + "): " + h.get("locations") + " locations, " + h.get("outliers") + " outliers in "
                    + h.get("files") + " files";
        }, m -> m.get("kind") + " " + m.get("file") + ":" + m.get("line") + (m.get("reason") == null ? "" : "  " + m.get("reason")));
    }
}
