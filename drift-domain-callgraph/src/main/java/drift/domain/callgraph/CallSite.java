package drift.domain.callgraph;

/**
 * One end of a call: the caller (for {@code getCallers}) or the callee (for {@code getCallees}).
 *
 * @param function the function at the other end, or null for an unresolved call (a library call)
 * @param target the name as written at the call site
 * @param line the line of the call
 * @param confidence resolution confidence (0.95 same file, 0.8 unique name, 0.4 one of several), or null
 */
public record CallSite(FunctionRow function, String target, long line, Double confidence) {
}
