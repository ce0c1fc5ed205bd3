-- The platform's own tables on PostgreSQL, as SQLite has them after its core migrations 1-5 (a PostgreSQL store
-- starts at today's schema; versions 2-5 have nothing left to do here). Types follow what the engine binds:
-- integers as BIGINT, text as TEXT, times as ISO-8601 text in UTC.
CREATE TABLE drift_schema (
    domain      TEXT PRIMARY KEY,
    version     BIGINT NOT NULL,
    checksum    BIGINT NOT NULL,
    migrated_at TEXT NOT NULL
);

CREATE TABLE drift_metadata (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
);

-- Indexes a bulk load dropped and builds when it ends.
CREATE TABLE drift_deferred_index (
    name       TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    sql        TEXT NOT NULL
);

-- Scan history: every scan with how it ended. The store holds the newest committed scan.
CREATE TABLE drift_scan (
    id              BIGINT PRIMARY KEY,
    root            TEXT NOT NULL,
    revision        TEXT,
    mode            TEXT NOT NULL CHECK (mode = 'merge' OR mode = 'snapshot' OR mode = 'replace'),
    started_at      TEXT NOT NULL,
    ended_at        TEXT NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome = 'committed' OR outcome = 'failed' OR outcome = 'abandoned'),
    files_added     BIGINT NOT NULL DEFAULT 0,
    files_changed   BIGINT NOT NULL DEFAULT 0,
    files_removed   BIGINT NOT NULL DEFAULT 0,
    files_unchanged BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX drift_scan_committed ON drift_scan(id) WHERE outcome = 'committed';

CREATE TABLE drift_scan_attribute (
    scan_id BIGINT NOT NULL,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (scan_id, key)
);

CREATE TABLE drift_scan_rows (
    scan_id  BIGINT NOT NULL,
    row_type TEXT NOT NULL,
    rows     BIGINT NOT NULL,
    PRIMARY KEY (scan_id, row_type)
);

-- The file manifest: every file a scan declared, per domain it covered, with its content hashes.
CREATE TABLE drift_file (
    path             TEXT NOT NULL,
    domain           TEXT NOT NULL,
    sha256           TEXT,
    size             BIGINT NOT NULL DEFAULT -1,
    language         TEXT,
    scan_id          BIGINT NOT NULL,
    interface_sha256 TEXT,
    PRIMARY KEY (path, domain)
);

-- A number every committed write moves on: equal numbers mean the same data.
CREATE TABLE drift_data_version (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO drift_data_version(id, value) VALUES (1, 1);
