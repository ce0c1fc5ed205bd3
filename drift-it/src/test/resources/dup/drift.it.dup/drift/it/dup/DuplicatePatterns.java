package drift.it.dup;

import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.StorageDomain;

/** A second provider claiming the id of the patterns domain. */
public final class DuplicatePatterns implements StorageDomain {
    @Override
    public String id() {
        return "patterns";
    }

    @Override
    public void contribute(DomainRegistrar registrar) {
    }
}
