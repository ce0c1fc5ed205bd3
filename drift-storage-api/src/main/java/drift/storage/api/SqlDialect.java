package drift.storage.api;

/**
 * The SQL an engine speaks, as a domain sees it ({@link SqlReader#dialect()},
 * {@link drift.storage.api.spi.DomainRegistrar#dialect()}). Most of a domain's SQL is portable; where engines
 * differ (a full-text index, JSON, temporary tables, a migration's DDL), a domain asks for the fragment here or
 * branches on the constant. The fragments keep parameters bound, never pasted.
 */
public enum SqlDialect {
    /** SQLite 3.45 or newer (sqlite-jdbc): FTS5, {@code json_each}, {@code temp.} tables. */
    SQLITE("sqlite"),
    /** PostgreSQL 14 or newer: {@code tsvector}, {@code jsonb}, {@code pg_temp.} tables. */
    POSTGRESQL("postgresql");

    private final String folder;

    SqlDialect(String folder) {
        this.folder = folder;
    }

    /**
     * The name of the folder a domain keeps this dialect's migrations in, by convention ({@code sqlite},
     * {@code postgresql}).
     */
    public String folder() {
        return folder;
    }

    /**
     * A subquery of the integers in a JSON array bound as one parameter ({@link JsonArray#of}): use it as
     * {@code pk IN } + this. One parameter instead of thousands keeps statements cacheable.
     */
    public String jsonIntegers() {
        return switch (this) {
            case SQLITE -> "(SELECT value FROM json_each(?))";
            case POSTGRESQL -> "(SELECT CAST(jsonb_array_elements_text(CAST(? AS jsonb)) AS bigint))";
        };
    }

    /** A subquery of the strings in a JSON array bound as one parameter, like {@link #jsonIntegers()}. */
    public String jsonTexts() {
        return switch (this) {
            case SQLITE -> "(SELECT value FROM json_each(?))";
            case POSTGRESQL -> "(SELECT jsonb_array_elements_text(CAST(? AS jsonb)))";
        };
    }

    /**
     * The elements of a JSON array of strings held in column {@code expr}, as a table {@code alias} with one column
     * {@code value}, for a {@code FROM} clause ({@code FROM t, } + this, or in an {@code EXISTS} subquery).
     */
    public String jsonElements(String expr, String alias) {
        return switch (this) {
            case SQLITE -> "json_each(" + expr + ") AS " + alias;
            case POSTGRESQL -> "jsonb_array_elements_text(CAST(" + expr + " AS jsonb)) AS " + alias + "(value)";
        };
    }

    /**
     * The name of the temporary table {@code name}, qualified so it can never be confused with a table of the
     * store ({@code temp.name}, {@code pg_temp.name}). Temporary tables live as long as the connection.
     */
    public String temp(String name) {
        return switch (this) {
            case SQLITE -> "temp." + name;
            case POSTGRESQL -> "pg_temp." + name;
        };
    }

    /**
     * What ends a {@code CREATE TABLE} whose primary key is its whole content: {@code WITHOUT ROWID} on SQLite
     * (one b-tree instead of two), nothing elsewhere.
     */
    public String withoutRowid() {
        return this == SQLITE ? " WITHOUT ROWID" : "";
    }

    /** The current time as ISO-8601 text in UTC with milliseconds ({@code 2026-12-06T18:00:00.000Z}). */
    public String nowUtc() {
        return switch (this) {
            case SQLITE -> "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
            case POSTGRESQL -> "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
        };
    }
}
