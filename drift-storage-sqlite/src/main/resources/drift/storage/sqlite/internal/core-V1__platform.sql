-- The platform's own tables: not part of any domain.
CREATE TABLE drift_schema (
    domain      TEXT PRIMARY KEY,
    version     INTEGER NOT NULL,
    checksum    INTEGER NOT NULL,
    migrated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE drift_scans (
    id            INTEGER PRIMARY KEY,
    root          TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    duration_ms   INTEGER NOT NULL CHECK (duration_ms >= 0),
    files_scanned INTEGER NOT NULL CHECK (files_scanned >= 0),
    recorded_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE drift_scan_attributes (
    scan_id INTEGER NOT NULL REFERENCES drift_scans(id) ON DELETE CASCADE,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (scan_id, key)
) WITHOUT ROWID;

CREATE TABLE drift_metadata (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;
