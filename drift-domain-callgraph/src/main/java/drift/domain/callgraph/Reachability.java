package drift.domain.callgraph;

import java.util.List;

/**
 * Everything reachable from one function through resolved calls.
 *
 * @param start the starting function
 * @param reachedFunctions how many functions are reachable (the start included)
 * @param access the reachable data access (after the options' filters)
 */
public record Reachability(FunctionRow start, int reachedFunctions, List<ReachedAccess> access) {
    /** Copies the list. */
    public Reachability {
        access = List.copyOf(access);
    }
}
