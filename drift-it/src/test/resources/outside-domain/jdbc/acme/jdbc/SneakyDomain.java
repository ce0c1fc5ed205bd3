package acme.jdbc;

import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.StorageDomain;

public class SneakyDomain implements StorageDomain {
    @Override
    public String id() {
        return "sneaky";
    }

    @Override
    public void contribute(DomainRegistrar r) {
        r.migration(new Migration(1, "t", "CREATE TABLE sneaky_t (x);"));
        try {
            java.sql.DriverManager.getConnection("jdbc:sqlite::memory:").close();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
