-- Patterns on PostgreSQL, as SQLite has them after its migrations 1-3 (versions 2 and 3 have nothing left to do
-- here). The full-text index is a generated tsvector column with a GIN index: the server keeps it in step with
-- the row, so the domain writes nothing for it. Name weighs most (A), then detector (B), then description (C).
CREATE TABLE patterns_pattern (
    pk                BIGINT PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    name              TEXT NOT NULL,
    category          TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status = 'discovered' OR status = 'approved' OR status = 'ignored'),
    confidence        DOUBLE PRECISION NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    severity          TEXT NOT NULL CHECK (severity = 'error' OR severity = 'warning' OR severity = 'info' OR severity = 'hint'),
    description       TEXT NOT NULL DEFAULT '',
    detector          TEXT NOT NULL DEFAULT '',
    first_seen        TEXT,
    last_seen         TEXT,
    status_changed_at TEXT,
    approved_at       TEXT,
    scan_id           BIGINT,
    content_hash      BIGINT,
    -- words as SQLite's unicode61 tokenizer splits them (at every character that is not a letter or digit)
    search            tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', regexp_replace(name, '[^[:alnum:]]+', ' ', 'g')), 'A')
        || setweight(to_tsvector('simple', regexp_replace(detector, '[^[:alnum:]]+', ' ', 'g')), 'B')
        || setweight(to_tsvector('simple', regexp_replace(description, '[^[:alnum:]]+', ' ', 'g')), 'C')) STORED
);
CREATE INDEX patterns_pattern_category ON patterns_pattern(category, status, confidence);
CREATE INDEX patterns_pattern_confidence ON patterns_pattern(confidence);
CREATE INDEX patterns_pattern_search ON patterns_pattern USING gin(search);

-- Occurrences of a pattern, by the pattern's integer key; outliers carry a reason and a deviation score.
CREATE TABLE patterns_location (
    pattern_pk      BIGINT NOT NULL,
    file            TEXT NOT NULL,
    line            BIGINT NOT NULL CHECK (line >= 0),
    col             BIGINT NOT NULL DEFAULT 0,
    end_line        BIGINT,
    end_col         BIGINT,
    is_outlier      BIGINT NOT NULL DEFAULT 0,
    reason          TEXT,
    deviation_score DOUBLE PRECISION
);
CREATE INDEX patterns_location_pattern ON patterns_location(pattern_pk, is_outlier);
CREATE INDEX patterns_location_file ON patterns_location(file, pattern_pk);

-- Counters kept current on every write, so the status report costs the same at any size.
CREATE TABLE patterns_counts (
    key   TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

-- Review decisions are a person's, not a scan's: they live apart, keyed by the stable pattern id.
CREATE TABLE patterns_decision (
    pattern_id        TEXT PRIMARY KEY,
    status            TEXT NOT NULL CHECK (status = 'discovered' OR status = 'approved' OR status = 'ignored'),
    status_changed_at TEXT NOT NULL,
    approved_at       TEXT
);
