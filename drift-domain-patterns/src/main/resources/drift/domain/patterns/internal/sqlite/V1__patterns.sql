-- Patterns: conventions a codebase follows. pk is the integer key the full-text index points at.
CREATE TABLE patterns_pattern (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    name        TEXT NOT NULL,
    category    TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('discovered', 'approved', 'ignored')),
    confidence  REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    severity    TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info', 'hint')),
    description TEXT NOT NULL DEFAULT '',
    detector    TEXT NOT NULL DEFAULT '',
    first_seen  TEXT,
    last_seen   TEXT,
    status_changed_at TEXT,
    approved_at TEXT
);
-- filters: category (+status) and status, each ordered by confidence
CREATE INDEX patterns_pattern_category ON patterns_pattern(category, status, confidence);
CREATE INDEX patterns_pattern_status ON patterns_pattern(status, confidence);
-- the default order (by confidence) without filters; name order sorts instead (an index less to maintain)
CREATE INDEX patterns_pattern_confidence ON patterns_pattern(confidence);

-- Occurrences of a pattern; outliers carry a reason and a deviation score.
CREATE TABLE patterns_location (
    pattern_id      TEXT NOT NULL REFERENCES patterns_pattern(id) ON DELETE CASCADE,
    file            TEXT NOT NULL,
    line            INTEGER NOT NULL CHECK (line >= 0),
    col             INTEGER NOT NULL DEFAULT 0,
    end_line        INTEGER,
    end_col         INTEGER,
    is_outlier      INTEGER NOT NULL DEFAULT 0,
    reason          TEXT,
    deviation_score REAL
);
CREATE INDEX patterns_location_pattern ON patterns_location(pattern_id, is_outlier);
CREATE INDEX patterns_location_file ON patterns_location(file, pattern_id);

-- Full-text index over name, description and detector; kept in step by the batch handler.
-- detail=column: no token positions (phrase queries are not offered), a smaller index and faster writes.
CREATE VIRTUAL TABLE patterns_fts USING fts5(
    name, description, detector,
    content = 'patterns_pattern', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2',
    detail = column
);

-- Counters kept current on every write, so the status report costs the same at any size.
CREATE TABLE patterns_counts (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
