package drift.domain.contracts;

import drift.domain.contracts.internal.ContractReads;
import drift.domain.contracts.internal.ContractWrites;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RowType;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed access to the contracts domain of an open drift database. Inserts go through the batch writer
 * (commit with {@code db.batch().flushAndWait()}); status changes run on the writer thread; reads on
 * the read pool.
 */
public final class ContractStore {
    /** Rows of contracts.ndjson. */
    public static final RowType<ContractRow> CONTRACT = RowType.of("contracts", "contract", ContractRow.class);

    private final DatabaseManager db;

    private ContractStore(DatabaseManager db) {
        this.db = db;
    }

    /** The contracts domain of {@code db}; fails when it is not installed. */
    public static ContractStore of(DatabaseManager db) {
        Objects.requireNonNull(db, "db");
        if (!db.hasDomain("contracts")) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "the contracts domain is not installed (drift.domain.contracts)");
        }
        return new ContractStore(db);
    }

    /**
     * Submits contracts as one batch. A contract whose id exists has its nested parts replaced; a status
     * a person set is kept unless the new row reports a mismatch.
     */
    public void insertContracts(Collection<ContractRow> rows) {
        db.batch().addAll(CONTRACT, rows);
    }

    /**
     * Changes a contract's status (see {@link ContractStatus} for the allowed changes); the verification
     * time is recorded.
     *
     * @return the status it had
     */
    public ContractStatus updateContractStatus(String id, ContractStatus status) {
        Objects.requireNonNull(status, "status");
        return db.write(w -> ContractWrites.updateStatus(w, id, status));
    }

    /** Contracts matching the filters, by endpoint then method. */
    public List<ContractSummary> queryContracts(ContractQuery query) {
        return db.read(r -> ContractReads.query(r, query));
    }

    /** One contract whole. */
    public Optional<Contract> getContract(String id) {
        return db.read(r -> ContractReads.contract(r, id));
    }

    /** Deletes every contract (the schema stays). */
    public void clear() {
        db.clearDomain("contracts");
    }
}
