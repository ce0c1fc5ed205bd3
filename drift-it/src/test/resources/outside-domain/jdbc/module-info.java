// A domain that asks for JDBC: it could open connections of its own and write any table. Refused at load.
module acme.jdbc {
    requires drift.storage.api;
    requires java.sql;
    provides drift.storage.api.spi.StorageDomain with acme.jdbc.SneakyDomain;
}
