package drift.domain.callgraph.internal;

import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.StorageDomain;

/** The callgraph domain's contributions to the store. */
public final class CallGraphDomain implements StorageDomain {
    /** The domain id, also the prefix of its tables. */
    public static final String ID = "callgraph";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void contribute(DomainRegistrar registrar) {
        registrar.migration(Migration.load(getClass()::getResourceAsStream, 1, "callgraph schema", "V1__callgraph.sql"));
    }
}
