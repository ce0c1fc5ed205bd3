package drift.storage.testkit;

import drift.storage.api.spi.StorageDomain;

/** The contract on a domain whose clear empties another domain's table: run by {@link DomainContractTest}, not alone. */
class BrokenClearContract extends MemoContractTest {
    @Override
    protected StorageDomain domain() {
        return new MemoDomain(true);
    }
}
