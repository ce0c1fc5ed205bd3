package drift.scan.jvm.internal;

import drift.scan.jvm.internal.ClassFacts.MethodFacts;

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
 * The scanned classes' type hierarchy: the one global step of a scan. Resolves a call to the method the JVM
 * would pick from the class it names (its class chain, then its interfaces' defaults), and a virtual call to
 * every method it may dispatch to: for each concrete subtype of the named class (class-hierarchy analysis),
 * or only those the scanned code instantiates (rapid type analysis), the method resolution picks there.
 */
final class Hierarchy {
    /** A resolved method: its class and itself. */
    record Target(ClassFacts owner, MethodFacts method) {
        String id() {
            return method.id(owner);
        }
    }

    private final Map<String, ClassFacts> classes;
    private final Map<String, List<String>> directSubtypes = new HashMap<>();
    private final Map<String, Set<String>> overridesCache = new HashMap<>();
    private final Set<String> instantiated;
    private final int maxTargets;

    /**
     * @param instantiated the types the scanned code creates (RTA), or null for CHA
     * @param maxTargets the most targets one virtual call gets beyond the one it names; a call that could reach
     *        more (Object.toString, Iterator.next...) gets none, as a guess among hundreds tells nothing
     */
    Hierarchy(Map<String, ClassFacts> classes, Set<String> instantiated, int maxTargets) {
        this.classes = classes;
        this.instantiated = instantiated;
        this.maxTargets = maxTargets;
        for (ClassFacts c : classes.values()) {
            if (c.superName != null) {
                directSubtypes.computeIfAbsent(c.superName, k -> new ArrayList<>()).add(c.name);
            }
            for (String i : c.interfaces) {
                directSubtypes.computeIfAbsent(i, k -> new ArrayList<>()).add(c.name);
            }
        }
    }

    /** Whether virtual calls reach only instantiated types (RTA) rather than every subtype (CHA). */
    boolean rta() {
        return instantiated != null;
    }

    ClassFacts get(String name) {
        return classes.get(name);
    }

    Collection<ClassFacts> all() {
        return classes.values();
    }

    /** Every supertype name of {@code name}, nearest first, including those not scanned (their names are known). */
    List<String> supertypes(String name) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(name);
        while (!todo.isEmpty()) {
            ClassFacts c = classes.get(todo.poll());
            if (c == null) {
                continue;
            }
            List<String> direct = new ArrayList<>();
            if (c.superName != null) {
                direct.add(c.superName);
            }
            direct.addAll(c.interfaces);
            for (String s : direct) {
                if (seen.add(s)) {
                    out.add(s);
                    todo.add(s);
                }
            }
        }
        return out;
    }

    /** The scanned classes whose superclass or one of whose interfaces is {@code name}. */
    List<String> directSubtypes(String name) {
        return directSubtypes.getOrDefault(name, List.of());
    }

    /** Every scanned subtype of {@code name}, transitively. */
    Set<String> subtypes(String name) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(directSubtypes.getOrDefault(name, List.of()));
        while (!todo.isEmpty()) {
            String s = todo.poll();
            if (out.add(s)) {
                todo.addAll(directSubtypes.getOrDefault(s, List.of()));
            }
        }
        return out;
    }

    /**
     * The method a call naming {@code owner.name(desc)} runs when the receiver's class is {@code owner}: the
     * nearest declaration up the class chain, else the first declaration among its interfaces (a default or
     * abstract method). Null when the chain leaves the scan before finding it.
     */
    Target resolve(String owner, String name, String desc) {
        Target declared = resolveStatic(owner, name, desc);
        if (declared != null || !chainInScan(owner)) {
            return declared;
        }
        // interfaces: breadth-first over the whole chain's interfaces, a non-abstract (default) one preferred
        Target abstractOne = null;
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String c = owner; c != null; ) {
            ClassFacts f = classes.get(c);
            if (f == null) {
                break;
            }
            todo.addAll(f.interfaces);
            c = f.superName;
        }
        while (!todo.isEmpty()) {
            String i = todo.poll();
            if (!seen.add(i)) {
                continue;
            }
            ClassFacts f = classes.get(i);
            if (f == null) {
                continue;
            }
            MethodFacts m = f.method(name, desc);
            if (m != null && !m.isStatic()) {
                if (!m.isAbstract()) {
                    return new Target(f, m);
                }
                if (abstractOne == null) {
                    abstractOne = new Target(f, m);
                }
            }
            todo.addAll(f.interfaces);
        }
        return abstractOne;
    }

    /** Whether every class up from {@code owner} to {@code java/lang/Object} (or the chain's top) is in the scan. */
    private boolean chainInScan(String owner) {
        for (String c = owner; c != null; ) {
            ClassFacts f = classes.get(c);
            if (f == null) {
                return false;
            }
            c = f.superName;
        }
        return true;
    }

    /** A method declared up the class chain (an inherited static, or the class part of {@link #resolve}). */
    Target resolveStatic(String owner, String name, String desc) {
        for (String c = owner; c != null; ) {
            ClassFacts f = classes.get(c);
            if (f == null) {
                return null;
            }
            MethodFacts m = f.method(name, desc);
            if (m != null) {
                return new Target(f, m);
            }
            c = f.superName;
        }
        return null;
    }

    /**
     * The ids of the other methods a virtual call naming {@code owner.name(desc)} may dispatch to: what
     * {@link #resolve} picks for every concrete scanned subtype of {@code owner} (only instantiated ones under
     * RTA), the named one left out. Null when there are more than {@code maxTargets}.
     */
    Set<String> overrides(String owner, String name, String desc, String declared) {
        String key = owner + '.' + name + desc;
        if (overridesCache.containsKey(key)) {
            return overridesCache.get(key);
        }
        Set<String> out = new LinkedHashSet<>();
        boolean tooMany = false;
        for (String s : subtypes(owner)) {
            ClassFacts c = classes.get(s);
            if (c == null || c.isInterface() || c.isAbstract() || (instantiated != null && !instantiated.contains(s))) {
                continue;
            }
            Target t = resolve(s, name, desc);
            if (t != null && !t.method().isAbstract()) {
                String id = t.id();
                if (!id.equals(declared) && out.add(id) && out.size() > maxTargets) {
                    tooMany = true;
                    break;
                }
            }
        }
        Set<String> result = tooMany ? null : java.util.Collections.unmodifiableSet(out);
        overridesCache.put(key, result);
        return result;
    }
}
