package drift.domain.callgraph;

/**
 * An unresolved call site (FORMAT.md, calls.ndjson); resolution finds the function it calls.
 *
 * @param callerId the calling function (must exist when the row is written)
 * @param target the callee's name as written
 * @param line the line of the call
 */
public record CallRow(String callerId, String target, long line) {
    /** Validates every field; errors name the field. */
    public CallRow {
        Checks.notEmpty("caller_id", callerId);
        Checks.notEmpty("target", target);
        Checks.notNegative("line", line);
    }
}
