package drift.domain.callgraph.internal;

import drift.domain.callgraph.FunctionRow;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.SqlReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A function as a person or an agent names it: its id, its name when only one function has it, or a qualified
 * name when several do — {@code Type#name}, {@code Type.name}, {@code Type::name} or {@code file:name}, the
 * qualifier being any trailing part of the type or file (so {@code Users.save}, {@code com.acme.Users#save} and
 * {@code users.ts:save} all work), followed, for a JVM method, by its parameters when it has overloads
 * ({@code Users#save(long)}, {@code Users#save(String)}); or {@code FILE:LINE}, the innermost function containing
 * that line. Ambiguous names are answered with the ids they match.
 */
public final class FunctionNames {
    /** {@code FILE:LINE}. */
    private static final java.util.regex.Pattern FILE_LINE = java.util.regex.Pattern.compile("(.+):([0-9]{1,9})");

    /** How many candidates an ambiguous or failed lookup lists. */
    private static final int SHOWN = 8;

    private FunctionNames() {
    }

    /** The one function {@code spec} names; NOT_FOUND or INVALID_ARGUMENT (ambiguous) with what it could have meant. */
    public static FunctionRow one(SqlReader r, String spec) {
        List<FunctionRow> found = matching(r, spec);
        if (found.size() == 1) {
            return found.get(0);
        }
        if (!found.isEmpty()) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, found.size() + " functions match '" + spec
                    + "'; give one by its id: " + ids(found));
        }
        throw new StorageException(StorageErrorCode.NOT_FOUND, "no function with id or name '" + spec + "'" + hint(r, spec));
    }

    /**
     * Every function {@code spec} may name: the one of that id; else those of that name; else those the qualified name
     * fits; and any of these followed by parameters — Java's ({@code save(long)}, {@code find(String, int[])}) or a
     * descriptor's ({@code save(J)}) — only the overloads that take them; else, for {@code FILE:LINE}, the innermost
     * function there.
     */
    public static List<FunctionRow> matching(SqlReader r, String spec) {
        Optional<FunctionRow> byId = CallGraphReads.byId(r, spec);
        if (byId.isPresent()) {
            return List.of(byId.get());
        }
        List<FunctionRow> named = CallGraphReads.byName(r, spec);
        if (!named.isEmpty()) {
            return named;
        }
        int open = spec.indexOf('(');
        if (open > 0 && spec.endsWith(")")) {
            String params = spec.substring(open + 1, spec.length() - 1);
            return matching(r, spec.substring(0, open)).stream().filter(f -> Parameters.fit(f.id(), params)).toList();
        }
        java.util.regex.Matcher at = FILE_LINE.matcher(spec);
        if (at.matches()) {
            // the innermost function containing that line (lines in functions that do not nest: an error listing them)
            return CallGraphReads.containing(r, at.group(1), Long.parseLong(at.group(2))).map(List::of).orElse(List.of());
        }
        Qualified q = Qualified.parse(spec);
        if (q == null) {
            return List.of();
        }
        // the qualifier as the end of a type in the id first (Outer.f is not Outer$Inner.f, though they share a file)
        List<FunctionRow> byType = new ArrayList<>();
        List<FunctionRow> byFile = new ArrayList<>();
        for (FunctionRow f : r.list("SELECT " + CallGraphReads.FUNCTION_COLUMNS + " FROM callgraph_function f WHERE f.name = ? "
                + "AND (f.id LIKE ? ESCAPE '!' OR f.file LIKE ? ESCAPE '!') ORDER BY f.id", CallGraphReads::function, q.name, like(q.last()),
                like(q.last()))) {
            if (q.endsType(f)) {
                byType.add(f);
            } else if (q.endsFile(f)) {
                byFile.add(f);
            }
        }
        return byType.isEmpty() ? byFile : byType;
    }

    /**
     * The stored file {@code file} means: itself when functions are stored under it; else the longest trailing part
     * of it that is stored (a path from the repository's root, {@code src/main/java/com/acme/Users.java}, for a JVM
     * scan's package path {@code com/acme/Users.java}); else the one stored file it ends (a bare {@code Users.java});
     * else {@code file} itself (nothing there).
     *
     * @throws StorageException INVALID_ARGUMENT when several stored files end with it, listing them
     */
    public static String storedFile(SqlReader r, String file) {
        if (storedAt(r, file)) {
            return file;
        }
        String p = file.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
            String tail = p.substring(i + 1);
            if (!tail.isEmpty() && storedAt(r, tail)) {
                return tail;
            }
        }
        if (p.isEmpty() || p.startsWith("/")) {
            return file;
        }
        List<String> ending = r.list("SELECT DISTINCT file FROM callgraph_function WHERE file LIKE ? ESCAPE '!' ORDER BY file LIMIT "
                + (SHOWN + 1), row -> row.getString(1), "%/" + escape(p));
        if (ending.size() == 1) {
            return ending.get(0);
        }
        if (ending.size() > 1) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, (ending.size() > SHOWN ? "more than " + SHOWN : ending.size())
                    + " stored files end with " + p + "; give more of the path: " + ending.stream().limit(SHOWN).toList());
        }
        return file;
    }

    private static boolean storedAt(SqlReader r, String file) {
        return r.first("SELECT 1 FROM callgraph_function WHERE file = ? LIMIT 1", row -> true, file).isPresent();
    }

    /** A JVM method's parameters, from the descriptor in its id, against the ones a person wrote. */
    static final class Parameters {
        private Parameters() {
        }

        /** Whether the id's descriptor takes {@code written}: a descriptor's own text, or Java types (simple or qualified). */
        static boolean fit(String id, String written) {
            int open = id.indexOf('(');
            int close = id.indexOf(')', open + 1);
            if (open < 0 || close < 0) {
                return false;
            }
            String descriptor = id.substring(open + 1, close);
            if (descriptor.equals(written)) {
                return true;
            }
            List<String> have = javaTypes(descriptor);
            List<String> want = new ArrayList<>();
            String erased = written.replaceAll("<[^<>]*>", "").replaceAll("<[^<>]*>", "").replace("...", "[]").replace(" ", "");
            if (!erased.isEmpty()) {
                want.addAll(List.of(erased.split(",", -1)));
            }
            if (have == null || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < have.size(); i++) {
                // the type as written: whole, or any trailing part of it (String, lang.String; Users.Cache, Cache)
                String h = have.get(i).replace('$', '.');
                String w = want.get(i).replace('$', '.');
                if (!h.equals(w) && !h.endsWith("." + w)) {
                    return false;
                }
            }
            return true;
        }

        /** The parameter types of a descriptor as Java writes them ({@code long}, {@code java.lang.String[]}); null if not one. */
        private static List<String> javaTypes(String d) {
            List<String> out = new ArrayList<>();
            int i = 0;
            while (i < d.length()) {
                int dims = 0;
                while (i < d.length() && d.charAt(i) == '[') {
                    dims++;
                    i++;
                }
                if (i >= d.length()) {
                    return null;
                }
                char c = d.charAt(i);
                String type;
                if (c == 'L') {
                    int end = d.indexOf(';', i);
                    if (end < 0) {
                        return null;
                    }
                    type = d.substring(i + 1, end).replace('/', '.');
                    i = end + 1;
                } else {
                    type = switch (c) {
                        case 'Z' -> "boolean";
                        case 'B' -> "byte";
                        case 'C' -> "char";
                        case 'S' -> "short";
                        case 'I' -> "int";
                        case 'J' -> "long";
                        case 'F' -> "float";
                        case 'D' -> "double";
                        default -> null;
                    };
                    if (type == null) {
                        return null;
                    }
                    i++;
                }
                out.add(type + "[]".repeat(dims));
            }
            return out;
        }
    }

    /** What the caller may have meant: the functions of that name elsewhere, or the functions of a type of that name. */
    private static String hint(SqlReader r, String spec) {
        int open = spec.indexOf('(');
        if (open > 0 && spec.endsWith(")")) {
            List<FunctionRow> overloads = matching(r, spec.substring(0, open));
            if (!overloads.isEmpty()) {
                return "; none of the " + overloads.size() + " function(s) '" + spec.substring(0, open) + "' names takes ("
                        + spec.substring(open + 1, spec.length() - 1) + "): " + ids(overloads);
            }
            spec = spec.substring(0, open);
        }
        Qualified q = Qualified.parse(spec);
        if (q != null) {
            List<FunctionRow> named = CallGraphReads.byName(r, q.name);
            if (!named.isEmpty()) {
                return "; " + named.size() + " function(s) are named '" + q.name + "', none in '" + q.qualifier + "': " + ids(named);
            }
        }
        // a type given where a function was wanted (JVM scans store their types)
        List<String> types = typesNamed(r, spec);
        if (types.size() == 1) {
            String type = types.get(0);
            List<FunctionRow> members = r.list("SELECT " + CallGraphReads.FUNCTION_COLUMNS + " FROM callgraph_function f "
                    + "JOIN callgraph_type t ON t.file = f.file WHERE t.id = ? AND f.id LIKE ? ESCAPE '!' ORDER BY f.id",
                    CallGraphReads::function, type, escape(type) + "#%");
            return "; '" + spec + "' is a type (" + type + "): give one of its " + members.size() + " functions, e.g. " + ids(members)
                    + ", or ask who calls into the type (the incoming query; drift callers --type " + spec + ")";
        }
        if (types.size() > 1) {
            return "; " + types.size() + " types are named '" + spec + "': " + types.stream().limit(SHOWN).toList();
        }
        return "";
    }

    /** The one type {@code spec} names: its id, or a trailing part of one id ({@code Users}, {@code acme.Users}, {@code Users$Cache}). */
    public static String type(SqlReader r, String spec) {
        List<String> types = typesNamed(r, spec);
        if (types.size() == 1) {
            return types.get(0);
        }
        if (types.isEmpty()) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "no type with id or name '" + spec + "' (types are stored by "
                    + "scanners that dispatch through them, such as the JVM scanner; for other code, ask by file)");
        }
        throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, types.size() + " types are named '" + spec + "'; give one by "
                + "its id: " + types.stream().limit(SHOWN).toList() + (types.size() > SHOWN ? " …" : ""));
    }

    /** The types {@code spec} may name: the one of that id, else those whose id ends with it after a {@code .} or {@code $}. */
    private static List<String> typesNamed(SqlReader r, String spec) {
        String binary = spec.replace('$', '.');
        List<String> exact = r.list("SELECT id FROM callgraph_type WHERE id = ?", row -> row.getString(1), spec);
        if (!exact.isEmpty()) {
            return exact;
        }
        String last = binary.substring(binary.lastIndexOf('.') + 1);
        List<String> out = new ArrayList<>();
        for (String id : r.list("SELECT id FROM callgraph_type WHERE id LIKE ? ESCAPE '!' ORDER BY id", row -> row.getString(1),
                "%" + escape(last))) {
            String dotted = id.replace('$', '.');
            if (dotted.equals(binary) || dotted.endsWith("." + binary)) {
                out.add(id);
            }
        }
        return out;
    }

    private static String ids(List<FunctionRow> functions) {
        return functions.stream().limit(SHOWN).map(FunctionRow::id).toList() + (functions.size() > SHOWN ? " …" : "");
    }

    /** A LIKE pattern (escape {@code !}) for text containing {@code s}: only narrows; {@link Qualified} decides. */
    private static String like(String s) {
        return "%" + escape(s) + "%";
    }

    /** {@code s} as literal text in a LIKE pattern with {@code ESCAPE '!'}. */
    static String escape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** {@code qualifier SEP name}, split at the last separator ({@code #}, {@code ::}, {@code .}, {@code :}). */
    private record Qualified(String qualifier, String name) {
        static Qualified parse(String spec) {
            int at = -1;
            int width = 1;
            for (int i = spec.length() - 2; i > 0; i--) {
                char c = spec.charAt(i);
                if (c == '#' || c == '.' || c == ':') {
                    at = i;
                    width = c == ':' && spec.charAt(i - 1) == ':' ? 2 : 1;
                    break;
                }
            }
            if (at < 0 || at - width + 1 <= 0) {
                return null;
            }
            return new Qualified(spec.substring(0, at - width + 1), spec.substring(at + 1));
        }

        /** The qualifier's last part (after a {@code .}, {@code $} or {@code /}), which any fitting id or file holds. */
        String last() {
            int cut = Math.max(qualifier.lastIndexOf('.'), Math.max(qualifier.lastIndexOf('$'), qualifier.lastIndexOf('/')));
            return cut < 0 || cut == qualifier.length() - 1 ? qualifier : qualifier.substring(cut + 1);
        }

        /** The qualifier ends the function's type (or module) in its id. */
        boolean endsType(FunctionRow f) {
            // a nested type as Java writes it (Users.Cache) or as its binary name is (Users$Cache)
            String id = f.id().replace('$', '.');
            for (String sep : new String[] {"#", ".", "::", ":"}) {
                String whole = (qualifier + sep + name).replace('$', '.');
                for (int i = id.indexOf(whole); i >= 0; i = id.indexOf(whole, i + 1)) {
                    int end = i + whole.length();
                    if ((i == 0 || boundary(id.charAt(i - 1))) && (end == id.length() || !identifier(id.charAt(end)))) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The qualifier ends the function's file, with or without its extension. */
        boolean endsFile(FunctionRow f) {
            String file = f.file();
            int dot = file.lastIndexOf('.');
            String stem = dot > file.lastIndexOf('/') ? file.substring(0, dot) : file;
            return endsAtSegment(file, qualifier) || endsAtSegment(stem, qualifier);
        }

        private static boolean endsAtSegment(String path, String tail) {
            return path.equals(tail) || path.endsWith("/" + tail);
        }

        private static boolean boundary(char c) {
            return c == '.' || c == '/' || c == '$' || c == ':' || c == '#';
        }

        private static boolean identifier(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$';
        }
    }
}
