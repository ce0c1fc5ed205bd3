-- A number every committed write moves on, from any process: equal numbers mean the same data. Readers key
-- what they derive from the data (an in-memory call graph, page cursors) on it, read in their own snapshot.
CREATE TABLE drift_data_version (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO drift_data_version(id, value) VALUES (1, 1);
