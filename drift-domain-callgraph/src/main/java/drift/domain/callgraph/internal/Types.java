package drift.domain.callgraph.internal;

import drift.domain.callgraph.TypeRow;
import drift.storage.api.Row;
import drift.storage.api.SqlReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The stored form of {@link TypeRow}: its lists one entry per line, a method as {@code kind signature}. */
final class Types {
    private static final String COLUMNS = "id, file, kind, supertypes, methods";

    private Types() {
    }

    static String lines(List<String> values) {
        return String.join("\n", values);
    }

    static String methods(List<TypeRow.Method> methods) {
        StringBuilder b = new StringBuilder(methods.size() * 40);
        for (TypeRow.Method m : methods) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(m.kind().wire()).append(' ').append(m.signature());
        }
        return b.toString();
    }

    static Optional<TypeRow> byId(SqlReader r, String id) {
        return r.first("SELECT " + COLUMNS + " FROM callgraph_type WHERE id = ?", Types::type, id);
    }

    static List<TypeRow> inFile(SqlReader r, String file) {
        return r.list("SELECT " + COLUMNS + " FROM callgraph_type WHERE file = ? ORDER BY id", Types::type, file);
    }

    private static TypeRow type(Row row) {
        List<TypeRow.Method> methods = new ArrayList<>();
        for (String line : split(row.getString(5))) {
            int space = line.indexOf(' ');
            methods.add(new TypeRow.Method(line.substring(space + 1), TypeRow.MethodKind.parse("methods.kind", line.substring(0, space))));
        }
        return new TypeRow(row.getString(1), row.getString(2), TypeRow.Kind.parse("kind", row.getString(3)), split(row.getString(4)), methods);
    }

    private static List<String> split(String lines) {
        return lines.isEmpty() ? List.of() : List.of(lines.split("\n", -1));
    }
}
