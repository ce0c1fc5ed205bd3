package drift.storage.api;

/**
 * A row failed its domain's validation. Thrown by batch handlers and importers; names the row (its
 * index in the batch it came with, or its line in a file) and the field.
 */
public class RowRejectedException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final long rowIndex;
    private final String field;
    private final String reason;

    /**
     * @param rowIndex index of the row in its batch (0-based), or -1 when unknown
     * @param field the offending field, or {@code null} when the row as a whole is wrong
     * @param reason what is wrong, e.g. "must be between 0 and 1, was 1.7"
     */
    public RowRejectedException(long rowIndex, String field, String reason) {
        super(StorageErrorCode.ROW_REJECTED, describe(rowIndex, field, reason));
        this.rowIndex = rowIndex;
        this.field = field;
        this.reason = reason;
    }

    private static String describe(long rowIndex, String field, String reason) {
        StringBuilder sb = new StringBuilder();
        if (rowIndex >= 0) {
            sb.append("row ").append(rowIndex);
        }
        if (field != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("field '").append(field).append('\'');
        }
        return (sb.length() > 0 ? sb + ": " : "") + reason;
    }

    /** Index of the row in its batch, -1 when unknown. */
    public long rowIndex() {
        return rowIndex;
    }

    /** The offending field, or {@code null}. */
    public String field() {
        return field;
    }

    /** What is wrong, without the row and field prefix. */
    public String reason() {
        return reason;
    }

    /** The same rejection, placed at another row index. */
    public RowRejectedException atRow(long index) {
        return new RowRejectedException(index, field, reason);
    }
}
