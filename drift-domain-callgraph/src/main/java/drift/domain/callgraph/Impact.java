package drift.domain.callgraph;

import java.util.List;

/**
 * What changing a function can affect: every function that calls it, directly or not, and among them the
 * entry points (where a request, a command or a test comes in).
 *
 * @param function the changed function
 * @param callers its transitive callers, nearest first, then by id
 * @param entryPoints the entry points among {@code callers} (and the function itself, when it is one), in the same order
 */
public record Impact(FunctionRow function, List<ReachedFunction> callers, List<ReachedFunction> entryPoints) {
    /** Copies the lists. */
    public Impact {
        callers = List.copyOf(callers);
        entryPoints = List.copyOf(entryPoints);
    }
}
