package drift.example.todos;

import drift.storage.api.RowRejectedException;

/** The marker word found in a comment. */
public enum TodoKind {
    /** Work left to do. */
    TODO,
    /** Something known to be broken. */
    FIXME,
    /** A shortcut that should be replaced. */
    HACK;

    /** Once: {@code values()} copies its array on every call. */
    private static final TodoKind[] VALUES = values();

    /** Parses the marker word (exactly, upper case); the error names {@code field}. */
    public static TodoKind parse(String field, String value) {
        for (TodoKind k : VALUES) {
            if (k.name().equals(value)) {
                return k;
            }
        }
        throw new RowRejectedException(-1, field, "must be TODO, FIXME or HACK, was '" + value + "'");
    }
}
