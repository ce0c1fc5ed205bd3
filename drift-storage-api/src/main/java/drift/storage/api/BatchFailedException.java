package drift.storage.api;

/**
 * A batch of rows was rolled back whole. Names the row type, the first failing row of the batch (when
 * known) and the cause; rows committed before it stay.
 */
public class BatchFailedException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final RowType<?> rowType;
    private final long rowIndex;
    private final long batchId;

    /**
     * @param rowType the type of the rows in the failed batch
     * @param rowIndex the index within that batch of the row that failed, or -1
     * @param batchSize how many rows the batch carried (all of them were rolled back)
     * @param batchId the sequence number {@link WriteBatch#addAll} returned for the batch, or 0
     */
    public BatchFailedException(RowType<?> rowType, long rowIndex, int batchSize, long batchId, String engineCode,
                                Throwable cause) {
        super(cause instanceof StorageException se && se.code() == StorageErrorCode.IO ? StorageErrorCode.IO
                        : StorageErrorCode.BATCH_FAILED,
                "batch of " + batchSize + " " + rowType.name() + " row(s) rejected"
                        + (rowIndex >= 0 && !(cause instanceof RowRejectedException) ? " at row " + rowIndex : "")
                        + ": " + (cause == null ? "unknown cause" : cause.getMessage()),
                engineCode, cause);
        this.rowType = rowType;
        this.rowIndex = rowIndex;
        this.batchId = batchId;
    }

    /** The sequence number of the failed batch, as returned by {@link WriteBatch#addAll}; 0 when unknown. */
    public long batchId() {
        return batchId;
    }

    /** The type of the rows in the failed batch. */
    public RowType<?> rowType() {
        return rowType;
    }

    /** Index in the batch of the failing row, or -1 when unknown. */
    public long rowIndex() {
        return rowIndex;
    }
}
