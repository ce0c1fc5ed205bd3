package drift.mcp.internal;

import drift.storage.api.ScanInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code scans}: the scan history. */
final class ScansTool implements DriftTool {
    @Override
    public String name() {
        return "scans";
    }

    @Override
    public String description() {
        return "The scan history, newest first: every import and scan with how it ended (committed, failed with its error, "
                + "abandoned), root and revision, when and how long, files added/changed/removed/unchanged and rows per kind. "
                + "Use it to tell how fresh the store is, or why the last scan did not land.";
    }

    @Override
    public Schema schema() {
        return Schema.object().paged(20);
    }

    private static String error(Map<String, Object> scan) {
        Object e = ((Map<?, ?>) scan.get("attributes")).get("error");
        return e == null ? "" : " error: " + e;
    }

    @Override
    public Answer call(Call call) {
        return call.pager().page(20, LinkedHashMap::new, (offset, max) -> {
            List<ScanInfo> scans = call.store().db().scans((int) Math.min(Integer.MAX_VALUE, (long) offset + max + 1));
            int from = Math.min(offset, scans.size());
            int to = Math.min(from + max, scans.size());
            return new Pager.Slice(scans.subList(from, to).stream().map(Maps::scan).toList(), scans.size() > to, null);
        }, h -> "scans, newest first", m -> "scan " + m.get("id") + " " + m.get("outcome") + " " + m.get("mode") + " " + m.get("root")
                + " " + m.get("ended_at") + " files " + m.get("files") + error(m));
    }
}
