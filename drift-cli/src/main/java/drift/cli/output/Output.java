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

    /**
     * Rows written as they come, in flat memory: a table whose column widths are those of the first
     * {@value #WIDTH_ROWS} rows (a wider cell later pushes its row right), or a JSON array written element by element.
     * {@link #row} returns false once the output is gone (a closed pipe), so the caller can stop reading.
     */
    public static final class Stream {
        private static final int WIDTH_ROWS = 200;
        private final PrintWriter out;
        private final boolean json;
        private final List<String> columns;
        private final List<String[]> head = new ArrayList<>();
        private int[] width;
        private long rows;

        /** A stream of rows with these columns, as a table or as JSON. */
        public Stream(PrintWriter out, List<String> columns, boolean json) {
            this.out = out;
            this.json = json;
            this.columns = List.copyOf(columns);
            if (json) {
                out.write("[");
            }
        }

        /** One row's values, in column order; false when the output cannot be written any more. */
        public boolean row(List<Object> values) {
            if (json) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    m.put(columns.get(i), values.get(i) instanceof byte[] b ? java.util.Base64.getEncoder().encodeToString(b) : values.get(i));
                }
                out.write(rows == 0 ? "\n" : ",\n");
                out.write(json(m));
            } else {
                String[] line = new String[columns.size()];
                for (int i = 0; i < line.length; i++) {
                    line[i] = cell(values.get(i));
                }
                if (width == null) {
                    head.add(line);
                    if (head.size() == WIDTH_ROWS) {
                        header();
                    }
                } else {
                    write(line);
                }
            }
            rows++;
            return (rows & 1023) != 0 || !out.checkError();
        }

        private void header() {
            width = new int[columns.size()];
            for (int c = 0; c < width.length; c++) {
                width[c] = columns.get(c).length();
                for (String[] line : head) {
                    width[c] = Math.max(width[c], line[c].length());
                }
            }
            StringBuilder sb = new StringBuilder();
            appendRow(sb, columns.toArray(String[]::new), width);
            for (int c = 0; c < width.length; c++) {
                sb.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
            }
            sb.append('\n');
            out.write(sb.toString());
            head.forEach(this::write);
            head.clear();
        }

        private void write(String[] line) {
            // a later cell wider than its column pushes the row right rather than lose digits
            StringBuilder sb = new StringBuilder();
            appendRow(sb, line, width);
            out.write(sb.toString());
        }

        /** Ends the output; returns how many rows were written. */
        public long end() {
            if (json) {
                out.write(rows == 0 ? "]\n" : "\n]\n");
            } else if (rows == 0) {
                out.write("(no rows)\n");
            } else if (width == null) {
                header();
            }
            out.flush();
            return rows;
        }
    }

    private static void appendRow(StringBuilder sb, String[] line, int[] width) {
        for (int c = 0; c < line.length; c++) {
            if (c > 0) {
                sb.append("  ");
            }
            sb.append(line[c]);
            if (c < line.length - 1) {
                sb.append(" ".repeat(Math.max(0, width[c] - line[c].length())));
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
