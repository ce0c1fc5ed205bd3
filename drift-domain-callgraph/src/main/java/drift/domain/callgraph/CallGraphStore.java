package drift.domain.callgraph;

/** Typed access to the callgraph domain of an open drift database. */
public final class CallGraphStore {
    private CallGraphStore() {
    }
}
