/**
 * The public storage API: open a drift database ({@link drift.storage.api.DatabaseManager}), write rows
 * of any installed domain through the {@link drift.storage.api.WriteBatch}, and run scoped reads and
 * writes through {@link drift.storage.api.SqlReader} / {@link drift.storage.api.SqlWriter}.
 *
 * <p>Every failure is a {@link drift.storage.api.StorageException} carrying an
 * {@link drift.storage.api.ErrorCode}.
 */
package drift.storage.api;
