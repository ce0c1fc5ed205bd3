package drift.cli.command;

/** How the call-graph commands take a function (CallGraphStore#function). */
final class FunctionSpec {
    static final String HELP = "FUNCTION is its id, its name, or, when several functions share the name, a qualified name: "
            + "Type#name, Type.name or file:name (e.g. Users#save, com.acme.Users.save, src/users.ts:save), with a JVM method's "
            + "parameters to pick an overload (Users#save(long)); or FILE:LINE, the innermost function containing that line.";

    private FunctionSpec() {
    }
}
