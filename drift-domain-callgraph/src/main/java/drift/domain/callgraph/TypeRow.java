package drift.domain.callgraph;

import drift.storage.api.RowRejectedException;

import java.util.List;
import java.util.Locale;

/**
 * A type (a class or an interface) with its direct supertypes (FORMAT.md, types.ndjson): what a virtual call's
 * targets follow from. Its methods are its functions (ids {@code type#signature}); the row says which of them are
 * static or abstract, the others being instance methods. A producer that resolves calls through the type hierarchy
 * stores it, so that a later scan can compare a changed type with what it was and rewrite only the files whose
 * edges can move with it (the JVM scanner does).
 *
 * @param id the type's name, as the functions' ids spell it ({@code pkg.Outer$Inner})
 * @param file the file that declares it
 * @param kind class, abstract class or interface
 * @param supertypes its direct supertypes, the superclass first (none for a root)
 * @param staticMethods the signatures (name and descriptor, as in its functions' ids after {@code #}) of its static methods
 * @param abstractMethods the signatures of its methods without a body to run (abstract, or native)
 */
public record TypeRow(String id, String file, Kind kind, List<String> supertypes, List<String> staticMethods, List<String> abstractMethods) {
    /** Validates every field; errors name the field. */
    public TypeRow {
        Checks.notEmpty("id", id);
        Checks.notEmpty("file", file);
        if (kind == null) {
            throw new RowRejectedException(-1, "kind", "is required (class, abstract_class or interface)");
        }
        supertypes = lines("supertypes", supertypes);
        staticMethods = lines("static_methods", staticMethods);
        abstractMethods = lines("abstract_methods", abstractMethods);
    }

    /** What kind of type it is: which of them a virtual call can reach (an abstract class or an interface has no instance). */
    public enum Kind {
        CLASS, ABSTRACT_CLASS, INTERFACE;

        /** Once: {@code values()} copies its array on every call. */
        private static final Kind[] VALUES = values();

        private final String wire = name().toLowerCase(Locale.ROOT);

        /** The stored form, e.g. {@code abstract_class}. */
        public String wire() {
            return wire;
        }

        /** Parses the stored form; the error names {@code field}. */
        public static Kind parse(String field, String value) {
            for (Kind k : VALUES) {
                if (k.wire.equals(value)) {
                    return k;
                }
            }
            throw new RowRejectedException(-1, field, "unknown kind '" + value + "' (one of class, abstract_class, interface)");
        }
    }

    /** A list of names or signatures, each one non-empty line (the stored form is one per line). */
    private static List<String> lines(String field, List<String> values) {
        List<String> out = List.copyOf(values == null ? List.of() : values);
        for (String v : out) {
            if (v.isEmpty() || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw new RowRejectedException(-1, field, "must list non-empty one-line values, had '" + v + "'");
            }
        }
        return out;
    }
}
