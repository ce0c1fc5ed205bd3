package drift.domain.patterns.internal;

import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.StorageDomain;

/** The patterns domain's contributions to the store. */
public final class PatternsDomain implements StorageDomain {
    /** The domain id, also the prefix of its tables. */
    public static final String ID = "patterns";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void contribute(DomainRegistrar registrar) {
        registrar.migration(Migration.load(getClass()::getResourceAsStream, 1, "patterns schema", "V1__patterns.sql"));
    }
}
