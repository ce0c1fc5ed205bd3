package drift.domain.callgraph;

/**
 * What a resolution pass did. Calls name their callee as written; the store picks, by this rule: a
 * function of that name in the caller's file (0.95), else the only function of that name (0.8), else, when
 * there are at most {@value #MAX_CANDIDATES} functions of that name, the one whose id sorts first (0.4);
 * with more candidates than that the call stays unresolved, keeping its candidate count, rather than
 * making one arbitrary function a hub. Ties within a file are broken the same way (the id that sorts first).
 *
 * @param sameFile calls resolved to a function of that name in the caller's file (confidence 0.95)
 * @param unique calls resolved to the only function of that name (0.8)
 * @param ambiguous calls resolved to one of several functions of that name (0.4)
 * @param tooAmbiguous calls left unresolved because their name has more than {@value #MAX_CANDIDATES} candidates
 * @param unresolved calls by name of the whole store without a target afterwards (library calls, too ambiguous ones)
 * @param external exact calls of the whole store whose target is not in the store (a library method, by its id)
 */
public record Resolution(long sameFile, long unique, long ambiguous, long tooAmbiguous, long unresolved, long external) {
    /** The most functions of one name among which a call is still resolved (at confidence 0.4). */
    public static final int MAX_CANDIDATES = 8;

    @Override
    public String toString() {
        return "resolved " + (sameFile + unique + ambiguous) + " calls (0.95: " + sameFile + ", 0.8: " + unique + ", 0.4: "
                + ambiguous + "), " + tooAmbiguous + " too ambiguous, " + unresolved + " unresolved by name, " + external + " external";
    }
}
