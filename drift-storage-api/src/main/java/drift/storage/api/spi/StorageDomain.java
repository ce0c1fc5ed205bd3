package drift.storage.api.spi;

/**
 * A domain of the store (patterns, call graph, contracts...), found by {@link java.util.ServiceLoader}.
 * It names itself and contributes everything else through the registrar, so new contribution kinds
 * never break existing domains.
 */
public interface StorageDomain {
    /**
     * A stable id, a lower-case identifier; also the prefix of the domain's tables by convention.
     */
    String id();

    /** One line saying what the domain stores. */
    default String description() {
        return id();
    }

    /** Registers migrations, row handlers, queries, status, clearing and import formats. */
    void contribute(DomainRegistrar registrar);
}
