package drift.domain.callgraph.internal;

import drift.domain.callgraph.TypeRow;
import drift.storage.api.Row;
import drift.storage.api.SqlReader;

import java.util.List;
import java.util.Optional;

/** The stored form of {@link TypeRow}: its lists one entry per line. */
final class Types {
    private static final String COLUMNS = "id, file, kind, supertypes, static_methods, abstract_methods";

    private Types() {
    }

    static String lines(List<String> values) {
        return String.join("\n", values);
    }

    static Optional<TypeRow> byId(SqlReader r, String id) {
        return r.first("SELECT " + COLUMNS + " FROM callgraph_type WHERE id = ?", Types::type, id);
    }

    static List<TypeRow> inFile(SqlReader r, String file) {
        return r.list("SELECT " + COLUMNS + " FROM callgraph_type WHERE file = ? ORDER BY id", Types::type, file);
    }

    private static TypeRow type(Row row) {
        return new TypeRow(row.getString(1), row.getString(2), TypeRow.Kind.parse("kind", row.getString(3)), split(row.getString(4)),
                split(row.getString(5)), split(row.getString(6)));
    }

    private static List<String> split(String lines) {
        return lines.isEmpty() ? List.of() : List.of(lines.split("\n", -1));
    }
}
