package drift.domain.patterns;

/** Typed access to the patterns domain of an open drift database. */
public final class PatternStore {
    private PatternStore() {
    }
}
