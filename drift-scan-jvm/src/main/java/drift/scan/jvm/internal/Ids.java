package drift.scan.jvm.internal;

/** The ids the scanner gives functions: the JVM identity {@code pkg.Outer$Inner#name(descriptor)}. */
final class Ids {
    private Ids() {
    }

    /** {@code com.acme.Foo#bar(ILjava/lang/String;)V} for owner {@code com/acme/Foo}, name {@code bar}, descriptor {@code (ILjava/lang/String;)V}. */
    static String method(String owner, String name, String desc) {
        return owner.replace('/', '.') + '#' + name + desc;
    }

    /** The name and descriptor of a method id ({@code bar(I)V}). */
    static String signature(String id) {
        return id.substring(id.indexOf('#') + 1);
    }
}
