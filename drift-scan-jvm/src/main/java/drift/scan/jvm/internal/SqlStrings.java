package drift.scan.jvm.internal;

import drift.scan.jvm.internal.ClassFacts.MethodFacts;
import drift.scan.jvm.internal.ClassFacts.Sql;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SQL strings a method hands to a database API: JDBC ({@code Connection.prepareStatement},
 * {@code Statement.execute*}), Spring's {@code JdbcTemplate}, {@code JdbcClient} and R2DBC {@code DatabaseClient},
 * JPA's and Hibernate's {@code createQuery} (JPQL) and {@code createNativeQuery}; and the queries a repository
 * method declares in an annotation ({@link #annotated}). A data-flow pass over the method's frames (ASM's {@link Analyzer}) follows
 * string constants to the call's SQL argument, through locals and string concatenation (whose variable
 * parts become {@code ?}); anything else (a string read from a file, built in a loop) is not a constant and
 * is left alone.
 */
final class SqlStrings {
    static final String JDBC = "jdbc";
    static final String JPQL = "jpql";

    private static final Set<String> STATEMENTS = Set.of("java/sql/Statement", "java/sql/PreparedStatement", "java/sql/CallableStatement");
    private static final Set<String> STATEMENT_METHODS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch");
    private static final Set<String> SPRING = Set.of("org/springframework/jdbc/core/JdbcTemplate", "org/springframework/jdbc/core/JdbcOperations",
            "org/springframework/jdbc/core/namedparam/NamedParameterJdbcTemplate",
            "org/springframework/jdbc/core/namedparam/NamedParameterJdbcOperations");
    /** Spring's fluent clients: {@code jdbcClient.sql("SELECT …")}, R2DBC's {@code databaseClient.sql("SELECT …")}. */
    private static final Set<String> FLUENT = Set.of("org/springframework/jdbc/core/simple/JdbcClient",
            "org/springframework/r2dbc/core/DatabaseClient");
    /** JPA's entity managers and Hibernate's sessions: {@code createNativeQuery} takes SQL, {@code createQuery} JPQL (HQL). */
    private static final Set<String> ENTITY_MANAGERS = Set.of("javax/persistence/EntityManager", "jakarta/persistence/EntityManager",
            "org/hibernate/Session", "org/hibernate/StatelessSession", "org/hibernate/SharedSessionContract",
            "org/hibernate/query/QueryProducer");
    /** The methods of those that take JPQL (HQL): a class calling one follows the entities ({@link Recorder#references}). */
    static final Set<String> HQL_METHODS = Set.of("createQuery", "createSelectionQuery", "createMutationQuery");

    private static final String MYBATIS_ANNOTATIONS = "Lorg/apache/ibatis/annotations/";
    private static final String SPRING_DATA_JPA_QUERY = "Lorg/springframework/data/jpa/repository/Query;";
    private static final Pattern LIKE_SHORTHAND = Pattern.compile("%?(:\\w+|\\?\\d+)%?");
    private static final Pattern MYBATIS_PARAMETER = Pattern.compile("[#$]\\{[^}]*}");

    /**
     * Annotations whose value is the query a repository method runs (the framework implements the method), by
     * descriptor, with the kind of query they hold unless {@code nativeQuery = true} says SQL.
     */
    private static final Map<String, String> QUERY_ANNOTATIONS = Map.of(
            SPRING_DATA_JPA_QUERY, JPQL,
            "Lio/micronaut/data/annotation/Query;", JPQL,
            "Lorg/springframework/data/jdbc/repository/query/Query;", JDBC,
            "Lorg/springframework/data/r2dbc/repository/Query;", JDBC,
            MYBATIS_ANNOTATIONS + "Select;", JDBC,
            MYBATIS_ANNOTATIONS + "Insert;", JDBC,
            MYBATIS_ANNOTATIONS + "Update;", JDBC,
            MYBATIS_ANNOTATIONS + "Delete;", JDBC);

    private SqlStrings() {
    }

    /**
     * The queries a method's annotations declare (Spring Data's {@code @Query}, MyBatis's {@code @Select} and
     * its siblings, Micronaut Data's {@code @Query}): what the method runs when the framework implements it, at
     * the method's first line (0 for an abstract one, which has none).
     */
    static List<ClassFacts.Sql> annotated(ClassFacts.MethodFacts m) {
        List<ClassFacts.Sql> out = new ArrayList<>(0);
        for (ClassFacts.Annotation a : m.annotations) {
            String api = queryKind(a);
            if (api == null) {
                continue;
            }
            // MyBatis takes the statement as an array of strings, joined with spaces, its parameters as #{name} or ${name}
            String text = String.join(" ", a.strings("value")).strip();
            if (a.desc().startsWith(MYBATIS_ANNOTATIONS)) {
                text = MYBATIS_PARAMETER.matcher(text).replaceAll("?");
            } else if (a.desc().equals(SPRING_DATA_JPA_QUERY)) {
                // Spring Data's LIKE shorthand, "like :prefix%" (no JPQL): the parameter alone
                text = LIKE_SHORTHAND.matcher(text).replaceAll("$1");
            }
            if (!text.isEmpty()) {
                out.add(new ClassFacts.Sql(api, text, Math.max(0, m.firstLine)));
            }
        }
        return out;
    }

    /** The kind of query a query annotation holds ({@link #JDBC} with {@code nativeQuery = true}), or null for another annotation. */
    private static String queryKind(ClassFacts.Annotation a) {
        String api = QUERY_ANNOTATIONS.get(a.desc());
        return api != null && Boolean.TRUE.equals(a.values().get("nativeQuery")) ? JDBC : api;
    }

    /** Whether a method of {@code c} declares JPQL in an annotation: its data access then follows the entities. */
    static boolean declaresJpql(ClassFacts c) {
        for (ClassFacts.MethodFacts m : c.methods) {
            for (ClassFacts.Annotation a : m.annotations) {
                if (JPQL.equals(queryKind(a))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The kind of SQL this call takes as its first argument ({@link #JDBC} or {@link #JPQL}), or null when it takes none. */
    static String api(String owner, String name, String desc) {
        if (!desc.startsWith("(Ljava/lang/String;")) {
            return null;
        }
        if (owner.equals("java/sql/Connection") && (name.equals("prepareStatement") || name.equals("prepareCall"))) {
            return JDBC;
        }
        if (STATEMENTS.contains(owner) && STATEMENT_METHODS.contains(name)) {
            return JDBC;
        }
        if (SPRING.contains(owner) && (name.startsWith("query") || name.equals("update") || name.equals("batchUpdate")
                || name.equals("execute"))) {
            return JDBC;
        }
        if (FLUENT.contains(owner) && name.equals("sql")) {
            return JDBC;
        }
        if (ENTITY_MANAGERS.contains(owner)) {
            return name.equals("createNativeQuery") ? JDBC : HQL_METHODS.contains(name) ? JPQL : null;
        }
        return null;
    }

    /** Finds the SQL strings of the methods of {@code facts} that call a database API. */
    static void record(ClassReader reader, ClassFacts facts) {
        ClassNode node = new ClassNode();
        reader.accept(node, ClassReader.SKIP_FRAMES);
        for (MethodNode mn : node.methods) {
            MethodFacts m = facts.method(mn.name, mn.desc);
            if (m == null || !m.callsSql || mn.instructions.size() == 0) {
                continue;
            }
            Frame<BasicValue>[] frames;
            try {
                frames = new Analyzer<>(new Constants()).analyze(node.name, mn);
            } catch (AnalyzerException e) {
                continue; // code the analyzer cannot follow: no SQL from this method, the rest of the scan goes on
            }
            int line = 0;
            for (int i = 0; i < mn.instructions.size(); i++) {
                AbstractInsnNode insn = mn.instructions.get(i);
                if (insn instanceof LineNumberNode ln) {
                    line = ln.line;
                }
                if (!(insn instanceof MethodInsnNode call) || frames[i] == null) {
                    continue;
                }
                String api = api(call.owner, call.name, call.desc);
                if (api == null) {
                    continue;
                }
                Frame<BasicValue> f = frames[i];
                int args = Type.getArgumentTypes(call.desc).length;
                BasicValue first = f.getStack(f.getStackSize() - args);
                if (first instanceof Str s) {
                    m.sql.add(new Sql(api, s.text, line));
                }
            }
        }
    }

    /** A string value known to be a constant. */
    static final class Str extends BasicValue {
        final String text;

        Str(String text) {
            super(Type.getObjectType("java/lang/String"));
            this.text = text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Str s && s.text.equals(text);
        }

        @Override
        public int hashCode() {
            return Objects.hash(text);
        }
    }

    /** Follows string constants: {@code ldc}, string concatenation ({@code invokedynamic makeConcatWithConstants}), locals. */
    static final class Constants extends BasicInterpreter {
        Constants() {
            super(Opcodes.ASM9);
        }

        @Override
        public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
            if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof String s) {
                return new Str(s);
            }
            return super.newOperation(insn);
        }

        @Override
        public BasicValue copyOperation(AbstractInsnNode insn, BasicValue value) {
            return value; // a local keeps its constant
        }

        @Override
        public BasicValue naryOperation(AbstractInsnNode insn, List<? extends BasicValue> values) throws AnalyzerException {
            if (insn instanceof InvokeDynamicInsnNode indy && indy.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
                return concat(indy, values);
            }
            return super.naryOperation(insn, values);
        }

        /** The constant parts of a concatenation, its variable parts as {@code ?}: {@code "... WHERE id = " + id}. */
        private static BasicValue concat(InvokeDynamicInsnNode indy, List<? extends BasicValue> values) {
            if (indy.bsm.getName().equals("makeConcatWithConstants") && indy.bsmArgs.length > 0 && indy.bsmArgs[0] instanceof String recipe) {
                StringBuilder sb = new StringBuilder();
                int arg = 0;
                int constant = 1;
                for (char c : recipe.toCharArray()) {
                    if (c == '\u0001') {
                        BasicValue v = arg < values.size() ? values.get(arg) : null;
                        sb.append(v instanceof Str s ? s.text : "?");
                        arg++;
                    } else if (c == '\u0002') {
                        Object k = constant < indy.bsmArgs.length ? indy.bsmArgs[constant++] : "?";
                        sb.append(k instanceof Handle ? "?" : String.valueOf(k));
                    } else {
                        sb.append(c);
                    }
                }
                return new Str(sb.toString());
            }
            return new BasicValue(Type.getObjectType("java/lang/String"));
        }

        @Override
        public BasicValue merge(BasicValue a, BasicValue b) {
            if (a instanceof Str || b instanceof Str) {
                return a.equals(b) ? a : BasicValue.REFERENCE_VALUE;
            }
            return super.merge(a, b);
        }
    }
}
