package drift.domain.callgraph;

/**
 * One end of a call: the caller (for {@code getCallers}) or the callee (for {@code getCallees}).
 *
 * @param function the function at the other end, or null for a call without a target in the store (a library
 *        call by name, or an external call with its exact id in {@code calleeId})
 * @param target the name as written at the call site
 * @param line the line of the call
 * @param confidence how sure the edge is (by name: 0.95 same file, 0.8 unique name, 0.4 one of several; else its
 *        kind's), or null when unresolved
 * @param kind how the edge was found
 * @param calleeId the exact callee's id when the call names one (the external target of an unresolved one), else null
 */
public record CallSite(FunctionRow function, String target, long line, Double confidence, EdgeKind kind, String calleeId) {
}
