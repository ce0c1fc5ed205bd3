package drift.domain.callgraph;

import java.util.List;

/**
 * A function reached by a walk of the call graph ({@link CallGraphStore#transitiveCallers},
 * {@link CallGraphStore#transitiveCallees}), with its distance and one shortest call path.
 *
 * @param function the function reached
 * @param depth how many calls away from the start it is (1: a direct caller or callee)
 * @param path function ids in call order: from this function to the start for callers, from the start to
 *        this function for callees; both ends included
 */
public record ReachedFunction(FunctionRow function, int depth, List<String> path) {
    /** Copies the path. */
    public ReachedFunction {
        path = List.copyOf(path);
    }
}
