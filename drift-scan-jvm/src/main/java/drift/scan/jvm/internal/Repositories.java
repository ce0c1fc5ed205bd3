package drift.scan.jvm.internal;

import drift.domain.callgraph.Operation;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Spring Data repositories: interfaces that extend one of Spring Data's {@code ...Repository} types with the entity
 * they manage as its first type argument ({@code interface Users extends JpaRepository<User, Long>}). The framework
 * implements their methods, so what those access is read from the methods' names:
 * <ul>
 * <li>a method the repository declares without a query annotation is a derived query ({@code findByEmailAndActive}:
 * the entity's table, read, by the columns it names; {@code deleteBy…}: deleted; {@code countBy…}, {@code existsBy…}:
 * read);</li>
 * <li>the methods it inherits ({@code save}, {@code findById}, {@code deleteById}…) are not in the scanned code, so a
 * call to one of them is data access of the calling method, as an SQL string handed to JDBC is.</li>
 * </ul>
 * Tables and columns come from the JPA mapping ({@link Entities}); an entity the scan does not map is left alone.
 */
final class Repositories {
    private static final String SPRING_DATA = "org/springframework/data/";
    private static final int API = Opcodes.ASM9;

    /** What a derived query's subject verb does. */
    private static final Map<String, Operation> VERBS = Map.of("find", Operation.READ, "read", Operation.READ, "get", Operation.READ,
            "query", Operation.READ, "search", Operation.READ, "stream", Operation.READ, "count", Operation.READ, "exists", Operation.READ,
            "delete", Operation.DELETE, "remove", Operation.DELETE);

    /** The methods Spring Data's repository interfaces declare, by what they do. */
    private static final Map<String, Operation> INHERITED = inherited();
    /** Their names: a class calling one follows the entities (the call may be to a repository's). */
    static final List<String> INHERITED_NAMES = List.copyOf(INHERITED.keySet());

    /** A derived query's predicate keywords, longest first: what follows a property's name. */
    private static final List<String> KEYWORDS = List.of("IsNotNull", "NotNull", "IsNull", "Null", "IsNotEmpty", "NotEmpty", "IsEmpty",
            "Empty", "IsTrue", "True", "IsFalse", "False", "IsGreaterThanEqual", "GreaterThanEqual", "IsGreaterThan", "GreaterThan",
            "IsLessThanEqual", "LessThanEqual", "IsLessThan", "LessThan", "IsBetween", "Between", "IsBefore", "Before", "IsAfter", "After",
            "IsNotLike", "NotLike", "IsLike", "Like", "IsStartingWith", "StartingWith", "StartsWith", "IsEndingWith", "EndingWith",
            "EndsWith", "IsNotContaining", "NotContaining", "IsContaining", "Containing", "Contains", "IsNotIn", "NotIn", "IsIn", "In",
            "IsNear", "Near", "IsWithin", "Within", "MatchesRegex", "Matches", "Regex", "Exists", "AllIgnoreCase", "AllIgnoringCase",
            "IgnoreCase", "IgnoringCase", "IsNot", "Not", "Equals", "Is", "Asc", "Desc").stream()
            .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    private static final Pattern AND_OR = Pattern.compile("(?<=[a-z0-9])(?:And|Or)(?=[A-Z])");
    private static final Pattern ORDER = Pattern.compile("(?<=[a-z0-9])(?:Asc|Desc)(?=[A-Z]|$)");

    /** The entity class of each repository interface, by internal name. */
    private final Map<String, String> entityOf = new HashMap<>();
    private final Entities entities;

    Repositories(Iterable<ClassFacts> classes, Entities entities) {
        this.entities = entities;
        for (ClassFacts c : classes) {
            String e = entity(c);
            if (e != null) {
                entityOf.put(c.name, e);
            }
        }
    }

    private static Map<String, Operation> inherited() {
        Map<String, Operation> m = new HashMap<>();
        for (String n : List.of("save", "saveAll", "saveAndFlush", "saveAllAndFlush")) {
            m.put(n, Operation.WRITE);
        }
        for (String n : List.of("findById", "findAll", "findAllById", "findOne", "findBy", "getById", "getOne", "getReferenceById",
                "count", "exists", "existsById")) {
            m.put(n, Operation.READ);
        }
        for (String n : List.of("delete", "deleteById", "deleteAll", "deleteAllById", "deleteInBatch", "deleteAllInBatch",
                "deleteAllByIdInBatch")) {
            m.put(n, Operation.DELETE);
        }
        return Map.copyOf(m);
    }

    /** Whether {@code c} is an interface extending a Spring Data repository type: its data access follows the entities. */
    static boolean isRepository(ClassFacts c) {
        return c.isInterface() && c.interfaces.stream().anyMatch(Repositories::springData);
    }

    private static boolean springData(String type) {
        return type.startsWith(SPRING_DATA) && type.endsWith("Repository");
    }

    /** The entity a repository interface manages: the first type argument of its Spring Data supertype, or null. */
    static String entity(ClassFacts c) {
        if (!isRepository(c) || c.signature == null) {
            return null;
        }
        String[] found = {null};
        new SignatureReader(c.signature).accept(new SignatureVisitor(API) {
            @Override
            public SignatureVisitor visitInterface() {
                return new SignatureVisitor(API) {
                    private String type;
                    private int arguments;

                    @Override
                    public void visitClassType(String name) {
                        type = name;
                    }

                    @Override
                    public void visitTypeArgument() {
                        arguments++;
                    }

                    @Override
                    public SignatureVisitor visitTypeArgument(char wildcard) {
                        boolean entity = arguments++ == 0 && found[0] == null && type != null && springData(type);
                        return entity ? new SignatureVisitor(API) {
                            @Override
                            public void visitClassType(String name) {
                                if (found[0] == null) {
                                    found[0] = name;
                                }
                            }
                        } : new SignatureVisitor(API) {
                        };
                    }
                };
            }
        });
        return found[0];
    }

    /**
     * What a method declared on repository {@code c} without a query annotation ({@link SqlStrings#annotated}: the caller
     * asks only for those) accesses as a derived query, or null: not a repository of a mapped entity, a method with a
     * body, or not a query's name.
     */
    SqlParse.Access derived(ClassFacts c, ClassFacts.MethodFacts m) {
        Entities.Entity e = entity(c.name);
        if (e == null || !m.isAbstract()) {
            return null;
        }
        String name = m.name;
        int verbEnd = 0;
        while (verbEnd < name.length() && Character.isLowerCase(name.charAt(verbEnd))) {
            verbEnd++;
        }
        Operation op = VERBS.get(name.substring(0, verbEnd));
        if (op == null) {
            return null;
        }
        int by = name.indexOf("By", verbEnd);
        while (by >= 0 && by + 2 < name.length() && !Character.isUpperCase(name.charAt(by + 2))) {
            by = name.indexOf("By", by + 1);
        }
        if (by < 0) {
            // findAll(), count() declared again: the whole table
            String subject = name.substring(verbEnd);
            return subject.isEmpty() || subject.equals("All") ? new SqlParse.Access(e.table(), op, List.of()) : null;
        }
        String criteria = name.substring(by + 2);
        String order = "";
        int orderBy = criteria.indexOf("OrderBy");
        if (orderBy >= 0) {
            order = criteria.substring(orderBy + "OrderBy".length());
            criteria = criteria.substring(0, orderBy);
        }
        Set<String> columns = new LinkedHashSet<>();
        for (String part : AND_OR.split(criteria)) {
            column(e, part, columns);
        }
        for (String part : ORDER.split(order)) {
            column(e, part, columns);
        }
        return new SqlParse.Access(e.table(), op, new ArrayList<>(columns));
    }

    /**
     * What a call from scanned code to {@code owner.name} accesses when {@code owner} is a repository interface and the
     * method is one it inherits from Spring Data (not declared in the scan), or null.
     */
    SqlParse.Access inheritedCall(Hierarchy h, String owner, String name, String desc) {
        Operation op = INHERITED.get(name);
        Entities.Entity e = op == null ? null : entity(owner);
        // (looked up last: most calls are to no repository)
        return e == null || h.resolve(owner, name, desc) != null ? null : new SqlParse.Access(e.table(), op, List.of());
    }

    private Entities.Entity entity(String repository) {
        String entity = entityOf.get(repository);
        return entity == null ? null : entities.byClass(entity);
    }

    /** The column of a property of a derived query ({@code EmailIgnoreCase} → the column of field {@code email}). */
    private static void column(Entities.Entity e, String part, Set<String> into) {
        String p = part;
        while (!p.isEmpty() && !e.columns().containsKey(p.toLowerCase(Locale.ROOT))) {
            String stripped = strip(p);
            if (stripped.equals(p)) {
                break;
            }
            p = stripped;
        }
        if (!p.isEmpty()) {
            String field = p.toLowerCase(Locale.ROOT);
            into.add(e.columns().getOrDefault(field, field));
        }
    }

    /** {@code p} without its last keyword, or {@code p} when it ends with none. */
    private static String strip(String p) {
        for (String k : KEYWORDS) {
            if (p.length() > k.length() && p.endsWith(k)) {
                return p.substring(0, p.length() - k.length());
            }
        }
        return p;
    }
}
