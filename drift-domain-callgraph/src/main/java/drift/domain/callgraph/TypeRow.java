package drift.domain.callgraph;

import drift.storage.api.RowRejectedException;

import java.util.List;
import java.util.Locale;

/**
 * A type (a class or an interface) with its direct supertypes and the methods it declares (FORMAT.md,
 * types.ndjson): what a virtual call's targets follow from. A producer that resolves calls through the type
 * hierarchy stores it, so that a later scan can compare a changed type with what it was and rewrite only the
 * files whose edges can move with it (the JVM scanner does).
 *
 * @param id the type's name, as the functions' ids spell it ({@code pkg.Outer$Inner})
 * @param file the file that declares it
 * @param kind class, abstract class or interface
 * @param supertypes its direct supertypes, the superclass first (none for a root)
 * @param methods the methods it declares, constructors and static ones included
 */
public record TypeRow(String id, String file, Kind kind, List<String> supertypes, List<Method> methods) {
    /** Validates every field; errors name the field. */
    public TypeRow {
        Checks.notEmpty("id", id);
        Checks.notEmpty("file", file);
        if (kind == null) {
            throw new RowRejectedException(-1, "kind", "is required (class, abstract_class or interface)");
        }
        supertypes = List.copyOf(supertypes == null ? List.of() : supertypes);
        methods = List.copyOf(methods == null ? List.of() : methods);
        for (String s : supertypes) {
            oneLine("supertypes", s);
        }
    }

    /** What kind of type it is: which of them a virtual call can reach (an abstract class or an interface has no instance). */
    public enum Kind {
        CLASS, ABSTRACT_CLASS, INTERFACE;

        private final String wire = name().toLowerCase(Locale.ROOT);

        /** The stored form, e.g. {@code abstract_class}. */
        public String wire() {
            return wire;
        }

        /** Parses the stored form; the error names {@code field}. */
        public static Kind parse(String field, String value) {
            for (Kind k : values()) {
                if (k.wire.equals(value)) {
                    return k;
                }
            }
            throw new RowRejectedException(-1, field, "unknown kind '" + value + "' (one of class, abstract_class, interface)");
        }
    }

    /**
     * A declared method.
     *
     * @param signature its name and descriptor, as its function's id has them after {@code #} ({@code find(J)Lshop/User;})
     * @param kind instance, static or abstract
     */
    public record Method(String signature, MethodKind kind) {
        /** Validates every field; errors name the field. */
        public Method {
            Checks.notEmpty("methods.signature", signature);
            oneLine("methods.signature", signature);
            if (kind == null) {
                throw new RowRejectedException(-1, "methods.kind", "is required (instance, static or abstract)");
            }
        }
    }

    /** How a method takes part in dispatch: an instance method (a virtual call's target), a static one, or an abstract one (none). */
    public enum MethodKind {
        INSTANCE, STATIC, ABSTRACT;

        private final String wire = name().toLowerCase(Locale.ROOT);

        /** The stored form, e.g. {@code static}. */
        public String wire() {
            return wire;
        }

        /** Parses the stored form; the error names {@code field}. */
        public static MethodKind parse(String field, String value) {
            for (MethodKind k : values()) {
                if (k.wire.equals(value)) {
                    return k;
                }
            }
            throw new RowRejectedException(-1, field, "unknown kind '" + value + "' (one of instance, static, abstract)");
        }
    }

    private static void oneLine(String field, String value) {
        if (value.isEmpty() || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new RowRejectedException(-1, field, "must be one non-empty line, was '" + value + "'");
        }
    }
}
