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
 * entities and their fields; the database has tables and columns. This maps the one to the other, as plain JPA names
 * them or, in a Spring Boot application, as Spring Boot's default naming does.
 */
final class Entities {
    private static final List<String> PACKAGES = List.of("Ljavax/persistence/", "Ljakarta/persistence/");
    private static final String SPRING_BOOT_APPLICATION = "Lorg/springframework/boot/autoconfigure/SpringBootApplication;";

    /** One entity: its table and its fields' columns. */
    record Entity(String className, String table, Map<String, String> columns) {
    }

    private final Map<String, Entity> byName = new HashMap<>();
    private final Map<String, Entity> byClass = new HashMap<>();

    /**
     * The entities of {@code classes}; with {@code springBootNaming}, their table and column names as Spring Boot's default
     * physical naming strategy turns them ({@link #springBootNaming}).
     */
    Entities(Iterable<ClassFacts> classes, boolean springBootNaming) {
        for (ClassFacts c : classes) {
            Entity e = entity(c, springBootNaming);
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

    private static Entity entity(ClassFacts c, boolean springBootNaming) {
        if (!isEntity(c)) {
            return null;
        }
        String simple = c.name.substring(c.name.lastIndexOf('/') + 1);
        Annotation table = annotation(c.annotations, "Table");
        String tableName = table != null && table.string("name") != null && !table.string("name").isEmpty() ? table.string("name") : simple;
        Map<String, String> columns = new HashMap<>();
        for (FieldFacts f : c.fields) {
            Annotation col = annotation(f.annotations(), "Column");
            String column = col != null && col.string("name") != null && !col.string("name").isEmpty() ? col.string("name") : f.name();
            columns.put(f.name().toLowerCase(Locale.ROOT), physical(column, springBootNaming));
        }
        return new Entity(c.name, physical(tableName, springBootNaming), columns);
    }

    /**
     * Whether the scan holds a Spring Boot application ({@code @SpringBootApplication}): Spring Boot then names tables
     * and columns by its default physical naming strategy, which turns camel case to snake case ({@code OrderLine} →
     * {@code order_line}, explicit names too); plain JPA keeps the names as written (compared case-insensitively).
     */
    static boolean springBootNaming(Iterable<ClassFacts> classes) {
        for (ClassFacts c : classes) {
            if (c.annotation(SPRING_BOOT_APPLICATION) != null) {
                return true;
            }
        }
        return false;
    }

    /** A name as the database has it: lower case, and with Spring Boot's naming, snake case as its strategy makes it. */
    static String physical(String name, boolean springBootNaming) {
        if (!springBootNaming) {
            return name.toLowerCase(Locale.ROOT);
        }
        // CamelCaseToUnderscoresNamingStrategy: dots become underscores, and an underscore goes before an upper-case
        // letter that has a lower-case letter or digit on each side
        StringBuilder b = new StringBuilder(name.replace('.', '_'));
        for (int i = 1; i < b.length() - 1; i++) {
            char before = b.charAt(i - 1);
            char after = b.charAt(i + 1);
            if ((Character.isLowerCase(before) || Character.isDigit(before)) && Character.isUpperCase(b.charAt(i))
                    && (Character.isLowerCase(after) || Character.isDigit(after))) {
                b.insert(i++, '_');
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
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
