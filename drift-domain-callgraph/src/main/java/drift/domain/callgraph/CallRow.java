package drift.domain.callgraph;

import drift.storage.api.RowRejectedException;

/**
 * A call site, or one edge of it (FORMAT.md, calls.ndjson). With only a name, resolution finds the function
 * it calls; with {@code calleeId}, the callee is exactly that function (resolved when the store has it, an
 * external call otherwise). A virtual call of a bytecode scan is one row per possible target.
 *
 * @param callerId the calling function (must exist when the row is written)
 * @param target the callee's name as written
 * @param line the line of the call
 * @param calleeId the exact callee's id, or null (resolved by name)
 * @param kind how the edge was found; {@link EdgeKind#NAME} exactly when {@code calleeId} is null
 */
public record CallRow(String callerId, String target, long line, String calleeId, EdgeKind kind) {
    /** Validates every field; errors name the field. */
    public CallRow {
        Checks.notEmpty("caller_id", callerId);
        Checks.notEmpty("target", target);
        Checks.notNegative("line", line);
        if (calleeId != null && calleeId.isBlank()) {
            throw new RowRejectedException(-1, "callee_id", "must not be empty");
        }
        if (kind == null) {
            kind = calleeId == null ? EdgeKind.NAME : EdgeKind.EXACT;
        }
        if ((kind == EdgeKind.NAME) != (calleeId == null)) {
            throw new RowRejectedException(-1, "kind", calleeId == null ? "a " + kind.wire() + " edge needs a callee_id"
                    : "an edge with a callee_id cannot be resolved by name");
        }
    }

    /** A call resolved by name. */
    public CallRow(String callerId, String target, long line) {
        this(callerId, target, line, null, EdgeKind.NAME);
    }
}
