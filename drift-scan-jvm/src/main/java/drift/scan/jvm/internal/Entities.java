package drift.scan.jvm.internal;

import drift.scan.jvm.internal.ClassFacts.Annotation;
import drift.scan.jvm.internal.ClassFacts.FieldFacts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JPA entities of the scan ({@code @Entity}, {@code @Table}, {@code @Column}, javax or jakarta): JPQL names
 * entities and their fields; the database has tables and columns. This maps the one to the other.
 */
final class Entities {
    private static final List<String> PACKAGES = List.of("Ljavax/persistence/", "Ljakarta/persistence/");

    /** One entity: its table and its fields' columns. */
    record Entity(String className, String table, Map<String, String> columns) {
    }

    private final Map<String, Entity> byName = new HashMap<>();
    private final Map<String, Entity> byClass = new HashMap<>();

    Entities(Iterable<ClassFacts> classes) {
        for (ClassFacts c : classes) {
            Entity e = entity(c);
            if (e != null) {
                String simple = c.name.substring(c.name.lastIndexOf('/') + 1);
                Annotation a = annotation(c.annotations, "Entity");
                String name = a != null && a.string("name") != null && !a.string("name").isEmpty() ? a.string("name") : simple;
                byName.put(name.toLowerCase(Locale.ROOT), e);
                byClass.put(c.name, e);
            }
        }
    }

    /** Whether the class is an entity. */
    static boolean isEntity(ClassFacts c) {
        return annotation(c.annotations, "Entity") != null;
    }

    private static Entity entity(ClassFacts c) {
        if (!isEntity(c)) {
            return null;
        }
        String simple = c.name.substring(c.name.lastIndexOf('/') + 1);
        Annotation table = annotation(c.annotations, "Table");
        String tableName = table != null && table.string("name") != null && !table.string("name").isEmpty() ? table.string("name") : simple;
        Map<String, String> columns = new HashMap<>();
        for (FieldFacts f : c.fields) {
            Annotation col = annotation(f.annotations(), "Column");
            columns.put(f.name().toLowerCase(Locale.ROOT), col != null && col.string("name") != null && !col.string("name").isEmpty()
                    ? col.string("name").toLowerCase(Locale.ROOT) : f.name().toLowerCase(Locale.ROOT));
        }
        return new Entity(c.name, tableName.toLowerCase(Locale.ROOT), columns);
    }

    private static Annotation annotation(List<Annotation> annotations, String simple) {
        for (String pkg : PACKAGES) {
            for (Annotation a : annotations) {
                if (a.desc().equals(pkg + simple + ";")) {
                    return a;
                }
            }
        }
        return null;
    }

    /** The entity of a class, by internal name, or null when the scan does not map it. */
    Entity byClass(String internalName) {
        return byClass.get(internalName);
    }

    /** JPQL accesses in database terms: entity names become tables, field names columns (unknown ones stay as written). */
    List<SqlParse.Access> toTables(List<SqlParse.Access> jpql) {
        List<SqlParse.Access> out = new ArrayList<>();
        for (SqlParse.Access a : jpql) {
            Entity e = byName.get(a.table());
            if (e == null) {
                out.add(a);
                continue;
            }
            out.add(new SqlParse.Access(e.table(), a.operation(), a.fields().stream().map(f -> e.columns().getOrDefault(f, f)).distinct()
                    .toList()));
        }
        return out;
    }
}
