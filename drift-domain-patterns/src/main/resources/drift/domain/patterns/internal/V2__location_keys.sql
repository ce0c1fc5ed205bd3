-- Locations name their pattern by its integer key instead of its text id: the batch handler knows the
-- key (it gave it), so a location costs no probe of the pattern id index, and both location indexes hold
-- an integer instead of a copy of the id. No foreign-key clause: the handler refuses a location of an
-- unknown pattern, and patterns are only ever deleted together with every location.
CREATE TABLE patterns_location_v2 (
    pattern_pk      INTEGER NOT NULL,
    file            TEXT NOT NULL,
    line            INTEGER NOT NULL CHECK (line >= 0),
    col             INTEGER NOT NULL DEFAULT 0,
    end_line        INTEGER,
    end_col         INTEGER,
    is_outlier      INTEGER NOT NULL DEFAULT 0,
    reason          TEXT,
    deviation_score REAL
);
INSERT INTO patterns_location_v2(pattern_pk, file, line, col, end_line, end_col, is_outlier, reason, deviation_score)
    SELECT p.pk, l.file, l.line, l.col, l.end_line, l.end_col, l.is_outlier, l.reason, l.deviation_score
    FROM patterns_location l JOIN patterns_pattern p ON p.id = l.pattern_id ORDER BY p.pk;
DROP TABLE patterns_location;
ALTER TABLE patterns_location_v2 RENAME TO patterns_location;
CREATE INDEX patterns_location_pattern ON patterns_location(pattern_pk, is_outlier);
CREATE INDEX patterns_location_file ON patterns_location(file, pattern_pk);
