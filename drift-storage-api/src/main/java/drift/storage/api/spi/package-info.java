/**
 * Service-provider interfaces: a {@link drift.storage.api.spi.StorageEngine} implements the store, a
 * {@link drift.storage.api.spi.StorageDomain} contributes schema, row handlers, queries, status and import
 * formats through a {@link drift.storage.api.spi.DomainRegistrar}. Both are found with
 * {@link java.util.ServiceLoader}.
 */
package drift.storage.api.spi;
