package drift.domain.callgraph;

import java.util.List;

/**
 * An entry point that reaches some data, with one shortest path.
 *
 * @param entryPoint the entry point
 * @param path function ids from the entry point to the function that accesses the data
 */
public record EntryPath(FunctionRow entryPoint, List<String> path) {
    /** Copies the path. */
    public EntryPath {
        path = List.copyOf(path);
    }
}
