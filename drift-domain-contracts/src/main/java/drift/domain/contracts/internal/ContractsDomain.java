package drift.domain.contracts.internal;

import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.StorageDomain;

/** The contracts domain's contributions to the store. */
public final class ContractsDomain implements StorageDomain {
    /** The domain id, also the prefix of its tables. */
    public static final String ID = "contracts";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void contribute(DomainRegistrar registrar) {
        registrar.migration(Migration.load(getClass()::getResourceAsStream, 1, "contracts schema", "V1__contracts.sql"));
    }
}
