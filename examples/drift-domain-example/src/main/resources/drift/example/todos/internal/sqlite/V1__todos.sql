CREATE TABLE todos_marker (
    file   TEXT NOT NULL,
    line   INTEGER NOT NULL CHECK (line >= 0),
    kind   TEXT NOT NULL CHECK (kind IN ('TODO', 'FIXME', 'HACK')),
    text   TEXT NOT NULL,
    author TEXT,
    PRIMARY KEY (file, line)
) WITHOUT ROWID;
CREATE INDEX todos_marker_kind ON todos_marker(kind);

CREATE TABLE todos_counts (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
