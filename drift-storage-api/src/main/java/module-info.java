/**
 * The drift storage API: {@link drift.storage.api.DatabaseManager}, {@link drift.storage.api.WriteBatch}
 * and the SPIs through which storage engines and domains plug in.
 *
 * <p>This module deliberately does not read {@code java.sql}: domains speak SQL through
 * {@link drift.storage.api.SqlReader} and {@link drift.storage.api.SqlWriter}, never through JDBC.
 */
module drift.storage.api {
    exports drift.storage.api;
    exports drift.storage.api.spi;

    uses drift.storage.api.spi.StorageEngine;
    uses drift.storage.api.spi.StorageDomain;
    uses drift.storage.api.spi.Scanner;
}
