-- Review decisions are a person's, not a scan's: they live apart from the patterns, keyed by the stable
-- pattern id, so a rescan (even one that removes a pattern and brings it back) never loses one. A
-- pattern's status is its decision's when there is one, else what the latest scan said.
CREATE TABLE patterns_decision (
    pattern_id        TEXT PRIMARY KEY,
    status            TEXT NOT NULL CHECK (status = 'discovered' OR status = 'approved' OR status = 'ignored'),
    status_changed_at TEXT NOT NULL,
    approved_at       TEXT
) WITHOUT ROWID;
INSERT INTO patterns_decision(pattern_id, status, status_changed_at, approved_at)
    SELECT id, status, status_changed_at, approved_at FROM patterns_pattern WHERE status_changed_at IS NOT NULL;

-- The scan that last wrote each pattern: a snapshot removes the patterns it did not write.
ALTER TABLE patterns_pattern ADD COLUMN scan_id INTEGER;
-- A hash of what a scan reported for the pattern: a rescan that reports it unchanged reads three columns
-- and writes only its scan id, instead of comparing and rewriting the row and its full-text entry.
ALTER TABLE patterns_pattern ADD COLUMN content_hash INTEGER;
