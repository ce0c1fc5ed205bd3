package drift.domain.callgraph;

/**
 * What a resolution pass did.
 *
 * @param sameFile calls resolved to a function of that name in the caller's file (confidence 0.95)
 * @param unique calls resolved to the only function of that name (0.8)
 * @param ambiguous calls resolved to one of several functions of that name (0.4)
 * @param unresolved calls left without a target (library calls)
 */
public record Resolution(long sameFile, long unique, long ambiguous, long unresolved) {
    @Override
    public String toString() {
        return "resolved " + (sameFile + unique + ambiguous) + " calls (0.95: " + sameFile + ", 0.8: " + unique + ", 0.4: "
                + ambiguous + "), " + unresolved + " unresolved";
    }
}
