package drift.scan.jvm.internal;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.FunctionRow;
import drift.domain.callgraph.TypeRow;
import drift.storage.api.DatabaseManager;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which unchanged files a rescan writes again because their rows can move with the files whose interface
 * changed ("reshaped") or that vanished. An unchanged file's rows follow from other files in these ways only:
 * <ul>
 * <li>its code names a changed class or one of its subtypes (an exact call resolved through the class chain, a
 * DTO its handler returns, a field it reads): its constant pool's classes;</li>
 * <li>a virtual call it makes dispatches differently: its target set for {@code T.m(desc)} is what {@link
 * Hierarchy#resolve} picks for every concrete subtype of {@code T}, so it moves only when a class below or at
 * {@code T} joins or leaves {@code T}'s subtypes, or resolves {@code m(desc)} differently;</li>
 * <li>its classes are subtypes of a changed class (entry points follow supertypes);</li>
 * <li>its data access follows the entities (JPQL, Spring Data repositories and their callers) while an entity
 * changed.</li>
 * </ul>
 * For the second, the store says what a changed class was before the change (its {@link TypeRow}: supertypes,
 * kind, which methods are static or abstract; its functions: its methods), so only the calls are rewritten that
 * name, as owner, a supertype (before or after) of a class whose resolution moved, and, as method, one that moved
 * there: a class keeping its place in the hierarchy moves only the methods it added, removed or made static or
 * abstract; one that moved (other supertypes, another kind, new or gone) moves every method its old and new
 * supertypes declare. A store whose changed files have functions but no types (written before types were) gets
 * the older, coarser rule: every call of any owner naming a method signature of a changed class or one of its
 * subtypes.
 */
final class ChangeReach {
    private final Hierarchy h;
    private final Map<String, List<JvmScanner.Seen>> files;
    private final Set<String> reshaped;

    /** What the store held of the changed classes, by internal name; null when it does not know (older stores). */
    private Map<String, TypeRow> before = new HashMap<>();
    /** The classes whose functions the store held in the reshaped and vanished files, and those functions' signatures. */
    private final Set<String> storedClasses = new HashSet<>();
    private final Set<String> storedSignatures = new HashSet<>();
    /** The methods (its functions' signatures) of each class of the reshaped and vanished files, by internal name. */
    private final Map<String, Set<String>> storedMethods = new HashMap<>();

    private ChangeReach(Hierarchy h, Map<String, List<JvmScanner.Seen>> files, Set<String> reshaped) {
        this.h = h;
        this.files = files;
        this.reshaped = reshaped;
    }

    /**
     * The unchanged files (of {@code files}, not in {@code reshaped}) whose rows can change with the reshaped and
     * vanished ones.
     */
    static Set<String> affected(DatabaseManager db, Hierarchy h, Map<String, List<JvmScanner.Seen>> files, Set<String> reshaped,
                                Set<String> vanished) {
        ChangeReach r = new ChangeReach(h, files, reshaped);
        r.readStore(db, reshaped, vanished);
        return r.affected(!vanished.isEmpty());
    }

    /** What the reshaped and vanished files declared before: the store's readers see the scan's start. */
    private void readStore(DatabaseManager db, Set<String> reshaped, Set<String> vanished) {
        if (!db.hasDomain(CallGraphStore.DOMAIN)) {
            before = null;
            return;
        }
        Set<String> changedFiles = new LinkedHashSet<>(reshaped);
        changedFiles.addAll(vanished);
        for (CallGraphStore.FileContents stored : CallGraphStore.of(db).contentsOf(changedFiles).values()) {
            for (FunctionRow fn : stored.functions()) {
                int hash = fn.id().indexOf('#');
                if (hash > 0) {
                    String owner = internal(fn.id().substring(0, hash));
                    storedClasses.add(owner);
                    String sig = fn.id().substring(hash + 1);
                    storedMethods.computeIfAbsent(owner, k -> new HashSet<>()).add(sig);
                    int paren = sig.indexOf('(');
                    if (paren > 0) {
                        touch(storedSignatures, sig.substring(0, paren), sig.substring(paren));
                    }
                }
            }
            if (stored.types().isEmpty() && !stored.functions().isEmpty()) {
                before = null; // stored before types were: what its classes were is not known
            }
            if (before != null) {
                stored.types().forEach(t -> before.put(internal(t.id()), t));
            }
        }
    }

    private Set<String> affected(boolean anyVanished) {
        Set<String> changed = new LinkedHashSet<>();
        boolean entityChanged = anyVanished;
        for (String f : reshaped) {
            for (JvmScanner.Seen s : files.get(f)) {
                changed.add(s.header.name);
                entityChanged |= Entities.isEntity(s.header);
            }
        }
        Set<String> below;
        Set<Long> touched;
        boolean byOwner = before != null;
        if (byOwner) {
            changed.addAll(before.keySet());
            below = below(changed);
            touched = touchedByOwner(changed, below);
        } else {
            below = new LinkedHashSet<>();
            changed.forEach(c -> below.addAll(h.subtypes(c)));
            touched = touchedBySignature(changed);
        }
        Set<String> referenced = new HashSet<>(changed);
        referenced.addAll(storedClasses);
        referenced.addAll(below);
        Set<Long> referencedHashes = new HashSet<>();
        referenced.forEach(c -> referencedHashes.add(JvmScanner.hash(c)));
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, List<JvmScanner.Seen>> e : files.entrySet()) {
            if (reshaped.contains(e.getKey())) {
                continue;
            }
            for (JvmScanner.Seen s : e.getValue()) {
                if (anyIn(byOwner ? s.ownedMethodRefs : s.methodRefs, touched) || anyIn(s.classRefs, referencedHashes)
                        || below.contains(s.header.name) || entityChanged && s.createsQueries) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The calls ({@code owner.name(desc)}, hashed) whose targets can move: for each class whose resolution can
     * change (a changed class and every class below one, before or after), each of its supertypes and itself as
     * owner, with the methods that moved in its chain.
     */
    private Set<Long> touchedByOwner(Set<String> changed, Set<String> below) {
        Map<String, Set<String>> movedMethods = new HashMap<>();
        Set<String> moved = new HashSet<>();
        for (String q : changed) {
            ClassFacts now = h.get(q);
            if (now != null && !changedFile(now)) {
                now = null; // (a class of a changed file taken from another input: the store's is what this file had)
            }
            TypeRow old = before.get(q);
            if (now == null || old == null || !samePlace(now, old)) {
                moved.add(q);
            }
            movedMethods.put(q, movedMethods(now, old, storedMethods.getOrDefault(q, Set.of()), moved.contains(q)));
        }
        Set<String> resolving = new LinkedHashSet<>(changed);
        resolving.addAll(below);
        Set<Long> touched = new HashSet<>();
        for (String s : resolving) {
            List<String> chain = chain(s);
            Set<String> methods = new HashSet<>();
            boolean chainMoved = chain.stream().anyMatch(moved::contains);
            for (String c : chain) {
                if (chainMoved) {
                    declared(c, methods);
                } else if (movedMethods.containsKey(c)) {
                    methods.addAll(movedMethods.get(c));
                }
            }
            methods.removeIf(m -> m.startsWith("<"));
            for (String owner : chain) {
                for (String m : methods) {
                    touched.add(JvmScanner.hash(owner + '.' + m));
                }
            }
        }
        return touched;
    }

    /** Whether a class the hierarchy holds is the one of a reshaped file (not a same-named class elsewhere). */
    private boolean changedFile(ClassFacts c) {
        return reshaped.contains(c.file());
    }

    /** Same kind and the same direct supertypes, in order. */
    private static boolean samePlace(ClassFacts now, TypeRow old) {
        return kind(now) == old.kind() && supertypes(now).equals(old.supertypes());
    }

    /**
     * The signatures a change of one class moves: its methods added, removed or changed in kind (all of them if it
     * moved). What it had: its functions ({@code methods}), of the kinds its type row says.
     */
    private static Set<String> movedMethods(ClassFacts now, TypeRow old, Set<String> methods, boolean all) {
        Map<String, MethodKind> after = new HashMap<>();
        if (now != null) {
            now.methods.forEach(m -> after.put(m.name + m.desc, kind(m)));
        }
        Map<String, MethodKind> prior = new HashMap<>();
        if (old != null) {
            Set<String> statics = new HashSet<>(old.staticMethods());
            Set<String> abstracts = new HashSet<>(old.abstractMethods());
            methods.forEach(sig -> prior.put(sig, statics.contains(sig) ? MethodKind.STATIC
                    : abstracts.contains(sig) ? MethodKind.ABSTRACT : MethodKind.INSTANCE));
        }
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, MethodKind> e : after.entrySet()) {
            if (all || e.getValue() != prior.get(e.getKey())) {
                out.add(e.getKey());
            }
        }
        for (String sig : prior.keySet()) {
            if (all || !after.containsKey(sig)) {
                out.add(sig);
            }
        }
        return out;
    }

    /** The methods class {@code c} declares, now and (when it changed) before. */
    private void declared(String c, Set<String> into) {
        ClassFacts now = h.get(c);
        if (now != null) {
            now.methods.forEach(m -> into.add(m.name + m.desc));
        }
        if (before.containsKey(c)) {
            into.addAll(storedMethods.getOrDefault(c, Set.of()));
        }
    }

    /** {@code s} and every supertype it has now or had before the change (those outside the scan by name). */
    private List<String> chain(String s) {
        List<String> out = new ArrayList<>(List.of(s));
        out.addAll(closure(List.of(s), this::supertypesEither));
        return out;
    }

    /** Every name {@code next} leads to from {@code start}, transitively, in breadth-first order ({@code start} only if reached again). */
    private static Set<String> closure(Collection<String> start, java.util.function.Function<String, Collection<String>> next) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            for (String n : next.apply(todo.poll())) {
                if (out.add(n)) {
                    todo.add(n);
                }
            }
        }
        return out;
    }

    private Collection<String> supertypesEither(String c) {
        Set<String> out = new LinkedHashSet<>();
        ClassFacts now = h.get(c);
        if (now != null) {
            if (now.superName != null) {
                out.add(now.superName);
            }
            out.addAll(now.interfaces);
        }
        TypeRow old = before.get(c);
        if (old != null) {
            old.supertypes().forEach(t -> out.add(internal(t)));
        }
        return out;
    }

    /** Every class below one of {@code changed}, now or before the change (the old links are those of changed classes). */
    private Set<String> below(Set<String> changed) {
        Map<String, List<String>> oldSubtypes = new HashMap<>();
        before.forEach((name, t) -> t.supertypes().forEach(sup -> oldSubtypes.computeIfAbsent(internal(sup), k -> new ArrayList<>()).add(name)));
        return closure(changed, c -> {
            List<String> subs = new ArrayList<>(h.directSubtypes(c));
            subs.addAll(oldSubtypes.getOrDefault(c, List.of()));
            return subs;
        });
    }

    /** The older rule: every signature a changed class or one of its subtypes declares (or the store says it declared), of any owner. */
    private Set<Long> touchedBySignature(Set<String> changed) {
        Set<String> touched = new HashSet<>(storedSignatures);
        for (String q : changed) {
            ClassFacts c = h.get(q);
            if (c != null) {
                c.methods.forEach(m -> touch(touched, m.name, m.desc));
            }
            for (String sub : h.subtypes(q)) {
                ClassFacts s = h.get(sub);
                if (s != null) {
                    s.methods.forEach(m -> touch(touched, m.name, m.desc));
                }
            }
        }
        Set<Long> out = new HashSet<>();
        touched.forEach(t -> out.add(JvmScanner.hash(t)));
        return out;
    }

    /**
     * A method whose callers may see other edges now. Not a constructor or initializer: a call to one names its
     * class exactly (no lookup through supertypes, no overrides), so its edge finds the new function by id.
     */
    private static void touch(Set<String> touched, String name, String desc) {
        if (!name.startsWith("<")) {
            touched.add(name + desc);
        }
    }

    /** The stored form of a class's kind. */
    static TypeRow.Kind kind(ClassFacts c) {
        return c.isInterface() ? TypeRow.Kind.INTERFACE : c.isAbstract() ? TypeRow.Kind.ABSTRACT_CLASS : TypeRow.Kind.CLASS;
    }

    /** What {@link Hierarchy} tells apart in a method: static, without a body to run (abstract or native), or neither. */
    private enum MethodKind {
        INSTANCE, STATIC, ABSTRACT
    }

    private static MethodKind kind(ClassFacts.MethodFacts m) {
        return m.isStatic() ? MethodKind.STATIC : m.isAbstract() ? MethodKind.ABSTRACT : MethodKind.INSTANCE;
    }

    /** The direct supertypes as a type row names them: the superclass first. */
    static List<String> supertypes(ClassFacts c) {
        List<String> out = new ArrayList<>();
        if (c.superName != null) {
            out.add(c.superName.replace('/', '.'));
        }
        c.interfaces.forEach(i -> out.add(i.replace('/', '.')));
        return out;
    }

    /** A class as the store has it: its type row. */
    static TypeRow type(ClassFacts c) {
        List<String> statics = new ArrayList<>();
        List<String> abstracts = new ArrayList<>();
        for (ClassFacts.MethodFacts m : c.methods) {
            switch (kind(m)) {
                case STATIC -> statics.add(m.name + m.desc);
                case ABSTRACT -> abstracts.add(m.name + m.desc);
                case INSTANCE -> {
                }
            }
        }
        return new TypeRow(c.javaName(), c.file(), kind(c), supertypes(c), statics, abstracts);
    }

    private static String internal(String javaName) {
        return javaName.replace('.', '/');
    }

    private static boolean anyIn(long[] sorted, Set<Long> set) {
        for (long v : sorted) {
            if (set.contains(v)) {
                return true;
            }
        }
        return false;
    }
}
