package drift.cli.output;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes results as aligned text tables or JSON. Data goes to stdout; progress and errors to stderr. */
public final class Output {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final int MAX_CELL = 60;

    private Output() {
    }

    /** One compact JSON document. */
    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** Indented JSON. */
    public static String prettyJson(Object value) {
        return PRETTY.writeValueAsString(value);
    }

    /** Rows as an aligned table with a header; nested values as compact JSON; long cells shortened. */
    public static void table(PrintWriter out, List<? extends Map<String, ?>> rows) {
        if (rows.isEmpty()) {
            out.println("(no rows)");
            out.flush();
            return;
        }
        Set<String> columns = new LinkedHashSet<>();
        rows.forEach(r -> columns.addAll(r.keySet()));
        List<String> cols = new ArrayList<>(columns);
        int[] width = new int[cols.size()];
        List<String[]> cells = new ArrayList<>();
        for (int c = 0; c < cols.size(); c++) {
            width[c] = cols.get(c).length();
        }
        for (Map<String, ?> r : rows) {
            String[] line = new String[cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                line[c] = cell(r.get(cols.get(c)));
                width[c] = Math.max(width[c], line[c].length());
            }
            cells.add(line);
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, cols.toArray(String[]::new), width);
        for (int c = 0; c < cols.size(); c++) {
            sb.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        sb.append('\n');
        cells.forEach(line -> appendRow(sb, line, width));
        out.print(sb);
        out.flush();
    }

    private static void appendRow(StringBuilder sb, String[] line, int[] width) {
        for (int c = 0; c < line.length; c++) {
            if (c > 0) {
                sb.append("  ");
            }
            sb.append(line[c]);
            if (c < line.length - 1) {
                sb.append(" ".repeat(width[c] - line[c].length()));
            }
        }
        sb.append('\n');
    }

    /** A value as one table cell. */
    public static String cell(Object v) {
        String s;
        if (v == null) {
            s = "";
        } else if (v instanceof Map || v instanceof List) {
            s = json(v);
        } else if (v instanceof Double d) {
            s = d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.format("%.4g", d);
        } else if (v instanceof byte[] b) {
            s = "<" + b.length + " bytes>";
        } else {
            s = String.valueOf(v);
        }
        s = s.replace('\n', ' ');
        return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 1) + "…" : s;
    }

    /** A nested map as indented "key: value" lines, for reports such as status. */
    public static void tree(PrintWriter out, Map<String, ?> map, int indent) {
        for (Map.Entry<String, ?> e : map.entrySet()) {
            String pad = "  ".repeat(indent);
            if (e.getValue() instanceof Map<?, ?> m) {
                out.println(pad + e.getKey() + ":");
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) m;
                tree(out, nested, indent + 1);
            } else {
                out.println(pad + e.getKey() + ": " + (e.getValue() == null ? "(none)" : cell(e.getValue())));
            }
        }
        out.flush();
    }
}
