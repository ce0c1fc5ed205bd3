package drift.domain.contracts;

import drift.domain.contracts.internal.ContractReads;
import drift.domain.contracts.internal.ContractWrites;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RowType;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed access to the contracts domain of an open drift database. Inserts go through the batch writer
 * (commit with {@code db.batch().flushAndWait()}); status changes run on the writer thread; reads on
 * the read pool.
 */
public final class ContractStore {
    /** The domain id. */
    public static final String DOMAIN = "contracts";
    /** Rows of contracts.ndjson: a contract with its nested parts. */
    public static final RowType<ContractRow> CONTRACT = RowType.of(DOMAIN, "contract", ContractRow.class);

    private final DatabaseManager db;

    private ContractStore(DatabaseManager db) {
        this.db = db;
    }

    /**
     * The contracts domain of {@code db}.
     *
     * @throws StorageException NOT_FOUND when the domain is not installed in {@code db}
     */
    public static ContractStore of(DatabaseManager db) {
        Objects.requireNonNull(db, "db");
        if (!db.hasDomain(DOMAIN)) {
            throw new StorageException(StorageErrorCode.NOT_FOUND,
                    "the contracts domain is not installed (module drift.domain.contracts is not on the module path)");
        }
        return new ContractStore(db);
    }

    /**
     * Submits contracts as one atomic batch (committed at the next flush; a failure surfaces as a
     * {@link drift.storage.api.BatchFailedException} from {@code flushAndWait()}). Within a batch, a later row
     * with the same id wins.
     *
     * <p>A contract whose id is already stored is replaced: its method, endpoint, confidence, backend and
     * every nested part (frontend calls, response fields, mismatches) become the new row's. Its status
     * becomes the new row's too, unless a person set it ({@link #updateContractStatus}). A person's
     * decision is kept, with one exception: when the new row says {@code mismatch} and the person had
     * set {@code verified} (or reopened it as {@code discovered}), the verification no longer holds, so
     * the contract becomes {@code mismatch} and its status is the scanner's again from then on. A
     * person's {@code ignored} and {@code mismatch} stay whatever the scanner says; an ignored contract's
     * mismatches are still stored and found by the mismatch filters.
     */
    public void insertContracts(Collection<ContractRow> rows) {
        db.batch().addAll(CONTRACT, rows);
    }

    /**
     * A person changes a contract's status; allowed changes are listed on {@link ContractStatus}. The
     * time of the change is recorded, and for {@code verified} also as the verification time. Asking
     * for the status it already has changes nothing (no error, no new time).
     *
     * @return the status it had
     * @throws StorageException NOT_FOUND for an unknown id, INVALID_ARGUMENT for a change the workflow
     *         forbids (the message lists the allowed ones)
     */
    public ContractStatus updateContractStatus(String id, ContractStatus status) {
        return updateContractStatuses(Collections.singletonList(id), status).get(id);
    }

    /**
     * Reviews several contracts in one transaction, all or none: an unknown id or a change the workflow forbids
     * leaves every one of them as it was ({@link #updateContractStatus} for one).
     *
     * @return the status each had, by id, in the order given (an id given twice counts once)
     * @throws StorageException NOT_FOUND for an unknown id, INVALID_ARGUMENT for a change the workflow forbids
     */
    public Map<String, ContractStatus> updateContractStatuses(List<String> ids, ContractStatus status) {
        Objects.requireNonNull(status, "status");
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        for (String id : distinct) {
            if (id == null || id.isBlank()) {
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "a contract id is required");
            }
        }
        return db.write(w -> {
            Map<String, ContractStatus> before = new LinkedHashMap<>();
            for (String id : distinct) {
                before.put(id, ContractWrites.updateStatus(w, id, status));
            }
            return before;
        });
    }

    /** Contracts matching every filter of {@code query}, by endpoint, method and id, one page. */
    public List<ContractSummary> queryContracts(ContractQuery query) {
        Objects.requireNonNull(query, "query");
        return db.read(r -> ContractReads.query(r, query));
    }

    /** One contract whole, with its nested parts in the order they were written. */
    public Optional<Contract> getContract(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return db.read(r -> ContractReads.contract(r, id));
    }

    /** Every frontend call in {@code file}, by line, with its contract. */
    public List<FrontendCallSite> frontendCalls(String file) {
        Objects.requireNonNull(file, "file");
        return db.read(r -> ContractReads.frontendCalls(r, file));
    }

    /** Deletes every contract and its parts, and resets the counters (the schema stays). */
    public void clear() {
        db.clearDomain(DOMAIN);
    }
}
