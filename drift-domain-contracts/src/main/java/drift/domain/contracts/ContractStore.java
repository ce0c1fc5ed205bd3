package drift.domain.contracts;

/** Typed access to the contracts domain of an open drift database. */
public final class ContractStore {
    private ContractStore() {
    }
}
