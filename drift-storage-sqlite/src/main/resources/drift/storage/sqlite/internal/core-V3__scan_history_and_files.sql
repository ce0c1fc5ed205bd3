-- Scan history: every scan with how it ended. The store holds the newest committed scan; failed and
-- abandoned scans are history only. (The old table recorded only what an import reported.)
CREATE TABLE drift_scan (
    id              INTEGER PRIMARY KEY,
    root            TEXT NOT NULL,
    revision        TEXT,
    mode            TEXT NOT NULL CHECK (mode = 'merge' OR mode = 'snapshot' OR mode = 'replace'),
    started_at      TEXT NOT NULL,
    ended_at        TEXT NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome = 'committed' OR outcome = 'failed' OR outcome = 'abandoned'),
    files_added     INTEGER NOT NULL DEFAULT 0,
    files_changed   INTEGER NOT NULL DEFAULT 0,
    files_removed   INTEGER NOT NULL DEFAULT 0,
    files_unchanged INTEGER NOT NULL DEFAULT 0
);
-- last_scan: the newest committed scan, one index step
CREATE INDEX drift_scan_committed ON drift_scan(id) WHERE outcome = 'committed';

CREATE TABLE drift_scan_attribute (
    scan_id INTEGER NOT NULL,
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (scan_id, key)
) WITHOUT ROWID;

-- Rows a scan wrote, by row type (domain/kind).
CREATE TABLE drift_scan_rows (
    scan_id  INTEGER NOT NULL,
    row_type TEXT NOT NULL,
    rows     INTEGER NOT NULL,
    PRIMARY KEY (scan_id, row_type)
) WITHOUT ROWID;

INSERT INTO drift_scan(id, root, revision, mode, started_at, ended_at, outcome, files_added)
    SELECT id, root, NULL, 'merge', started_at, recorded_at, 'committed', files_scanned FROM drift_scans;
INSERT INTO drift_scan_attribute(scan_id, key, value) SELECT scan_id, key, value FROM drift_scan_attributes;
INSERT OR IGNORE INTO drift_scan_attribute(scan_id, key, value) SELECT id, 'duration_ms', duration_ms FROM drift_scans;
DROP TABLE drift_scan_attributes;
DROP TABLE drift_scans;

-- The file manifest: every file a scan declared, per domain it covered, with the content hash its rows
-- were written from. A snapshot compares hashes (unchanged files are not written) and removes the files
-- it no longer declares. Keyed by path first: a scan reads the manifest grouped by path.
CREATE TABLE drift_file (
    path     TEXT NOT NULL,
    domain   TEXT NOT NULL,
    sha256   TEXT,
    size     INTEGER NOT NULL DEFAULT -1,
    language TEXT,
    scan_id  INTEGER NOT NULL,
    PRIMARY KEY (path, domain)
) WITHOUT ROWID;
