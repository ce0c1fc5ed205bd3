package drift.scan.jvm.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one class file says, recorded as plain data (ArchUnit's importer is the model: a thin visitor
 * records, a separate step resolves against the whole hierarchy). The header (names, supertypes, members,
 * annotations) is recorded for every class; the code (lines, calls, lambdas, SQL) only for the classes whose
 * rows a scan writes.
 */
final class ClassFacts {
    final String name;
    final String superName;
    final List<String> interfaces;
    final int access;
    /** The generic signature ({@code Ljava/lang/Object;Lorg/springframework/data/jpa/repository/JpaRepository<Lcom/acme/User;…>;}), or null. */
    final String signature;
    String sourceFile;
    List<Annotation> annotations = new ArrayList<>();
    final List<MethodFacts> methods = new ArrayList<>();
    final List<FieldFacts> fields = new ArrayList<>();
    /** Types this class's code creates ({@code new}, constructor references): what rapid type analysis counts. */
    List<String> instantiates = new ArrayList<>();
    boolean code;

    ClassFacts(String name, String superName, List<String> interfaces, int access, String signature) {
        this.name = name;
        this.superName = superName;
        this.interfaces = List.copyOf(interfaces);
        this.access = access;
        this.signature = signature;
    }

    /**
     * What the rows of other files can depend on, as text to hash: the class's names, flags, supertypes and
     * annotations, its fields, and the methods another class can call or override (with their flags and
     * annotations). Private methods are left out (lambda bodies among them): only the class's own source file
     * calls them. A change that leaves this equal moves no row outside the class's own file.
     */
    String shape() {
        StringBuilder b = new StringBuilder(256).append(name).append(' ').append(sourceFile).append(' ').append(access)
                .append(' ').append(superName).append(' ').append(interfaces).append(' ').append(signature).append(' ').append(annotations)
                .append('\n');
        for (FieldFacts f : fields) {
            b.append("F ").append(f.name()).append(' ').append(f.desc()).append(' ').append(f.signature()).append(' ')
                    .append(f.access()).append(' ').append(f.annotations()).append('\n');
        }
        for (MethodFacts m : methods) {
            if (!m.isPrivate()) {
                b.append("M ").append(m.name).append(m.desc).append(' ').append(m.signature).append(' ').append(m.access)
                        .append(' ').append(m.annotations).append(' ').append(m.parameterAnnotations == null ? "" : m.parameterAnnotations)
                        .append('\n');
            }
        }
        return b.toString();
    }

    /**
     * Makes a header kept for the whole scan as small as it can be: empty lists shared, the others exactly their
     * size (a JDK holds 26,000 classes and 225,000 methods, most with no annotation, and in a header no code).
     */
    ClassFacts compact() {
        annotations = small(annotations);
        instantiates = small(instantiates);
        ((ArrayList<MethodFacts>) methods).trimToSize();
        methods.forEach(MethodFacts::compact);
        for (int i = 0; i < fields.size(); i++) {
            FieldFacts f = fields.get(i);
            fields.set(i, new FieldFacts(f.name(), f.desc(), f.signature(), f.access(), small(f.annotations())));
        }
        ((ArrayList<FieldFacts>) fields).trimToSize();
        return this;
    }

    static <T> List<T> small(List<T> list) {
        return list.isEmpty() ? List.of() : List.copyOf(list);
    }

    boolean isInterface() {
        return (access & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0;
    }

    boolean isAbstract() {
        return (access & org.objectweb.asm.Opcodes.ACC_ABSTRACT) != 0;
    }

    /** {@code com.acme.Foo$Bar} for {@code com/acme/Foo$Bar}. */
    String javaName() {
        return name.replace('/', '.');
    }

    /** The source file as rows name it: the package folder and the SourceFile attribute ({@code com/acme/Foo.java}). */
    String file() {
        int slash = name.lastIndexOf('/');
        String pkg = slash < 0 ? "" : name.substring(0, slash + 1);
        if (sourceFile != null && !sourceFile.isBlank()) {
            return pkg + sourceFile;
        }
        String simple = name.substring(slash + 1);
        int dollar = simple.indexOf('$');
        return pkg + (dollar > 0 ? simple.substring(0, dollar) : simple) + ".class";
    }

    /** The language, from the source file's extension. */
    String language() {
        String f = file();
        if (f.endsWith(".java")) {
            return "java";
        }
        if (f.endsWith(".kt")) {
            return "kotlin";
        }
        if (f.endsWith(".scala")) {
            return "scala";
        }
        if (f.endsWith(".groovy")) {
            return "groovy";
        }
        return "jvm";
    }

    MethodFacts method(String name, String desc) {
        for (MethodFacts m : methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return m;
            }
        }
        return null;
    }

    Annotation annotation(String desc) {
        for (Annotation a : annotations) {
            if (a.desc().equals(desc)) {
                return a;
            }
        }
        return null;
    }

    /** One method or constructor. */
    static final class MethodFacts {
        final String name;
        final String desc;
        final int access;
        final String signature;
        List<Annotation> annotations = new ArrayList<>();
        /** The annotations of each parameter that has some, by the parameter's index in the descriptor (null: none). */
        Map<Integer, List<Annotation>> parameterAnnotations;
        /** The function id, made once (every call into the method names it). */
        private String id;
        int firstLine = -1;
        int lastLine = -1;
        List<Call> calls = new ArrayList<>();
        List<Sql> sql = new ArrayList<>();
        boolean callsSql;

        MethodFacts(String name, String desc, int access, String signature) {
            this.name = name;
            this.desc = desc;
            this.access = access;
            this.signature = signature;
        }

        void compact() {
            annotations = small(annotations);
            calls = small(calls);
            sql = small(sql);
        }

        /** The function id of this method of {@code owner}. */
        String id(ClassFacts owner) {
            if (id == null) {
                id = Ids.method(owner.name, name, desc);
            }
            return id;
        }

        /** The annotations of parameter {@code index}. */
        List<Annotation> parameterAnnotations(int index) {
            return parameterAnnotations == null ? List.of() : parameterAnnotations.getOrDefault(index, List.of());
        }

        boolean isStatic() {
            return (access & org.objectweb.asm.Opcodes.ACC_STATIC) != 0;
        }

        boolean isAbstract() {
            return (access & (org.objectweb.asm.Opcodes.ACC_ABSTRACT | org.objectweb.asm.Opcodes.ACC_NATIVE)) != 0;
        }

        boolean isPublic() {
            return (access & org.objectweb.asm.Opcodes.ACC_PUBLIC) != 0;
        }

        boolean isPrivate() {
            return (access & org.objectweb.asm.Opcodes.ACC_PRIVATE) != 0;
        }

        void line(int line) {
            if (firstLine < 0 || line < firstLine) {
                firstLine = line;
            }
            if (line > lastLine) {
                lastLine = line;
            }
        }

        Annotation annotation(String desc) {
            for (Annotation a : annotations) {
                if (a.desc().equals(desc)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** A field, for entities' columns and DTOs' response fields. */
    record FieldFacts(String name, String desc, String signature, int access, List<Annotation> annotations) {
        boolean isStatic() {
            return (access & org.objectweb.asm.Opcodes.ACC_STATIC) != 0;
        }

        Annotation annotation(String desc) {
            for (Annotation a : annotations) {
                if (a.desc().equals(desc)) {
                    return a;
                }
            }
            return null;
        }
    }

    /**
     * An invocation in a method's code: a call instruction ({@code opcode} INVOKE*), or for a lambda or method
     * reference ({@code opcode} INVOKEDYNAMIC) the method it runs. {@code receiver}: for a reference whose handle
     * dispatches on its receiver ({@code REF_invokeVirtual}, {@code REF_invokeInterface}: {@code Shape::area},
     * {@code orders::save}), the receiver's static type: the bound one's captured value ({@code orders}: its field's
     * type, where the handle may name the supertype that declares the method), else the handle's owner; null otherwise.
     */
    record Call(int opcode, String owner, String name, String desc, boolean itf, int line, String receiver) {
        /** Whether it runs the receiver's override, as a virtual call does. */
        boolean dispatched() {
            return receiver != null;
        }
    }

    /** An SQL (or JPQL) string a method hands to a database API, with the API's kind. */
    record Sql(String api, String text, int line) {
    }

    /**
     * An annotation by type descriptor, with its values: strings, string lists, enum constants as
     * {@code NAME}, booleans, nested values left out.
     */
    record Annotation(String desc, Map<String, Object> values) {
        /** A string value or the first of a string list, or null. */
        String string(String key) {
            Object v = values.get(key);
            if (v instanceof String s) {
                return s;
            }
            if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s) {
                return s;
            }
            return null;
        }

        /** Every string of a value (one or a list). */
        @SuppressWarnings("unchecked")
        List<String> strings(String key) {
            Object v = values.get(key);
            if (v instanceof String s) {
                return List.of(s);
            }
            if (v instanceof List<?> l) {
                return (List<String>) l.stream().filter(String.class::isInstance).toList();
            }
            return List.of();
        }
    }
}
