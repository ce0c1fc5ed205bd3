-- Indexes a bulk load dropped and builds when it ends; what is left here after a crash is built when the
-- database is next opened for writing.
CREATE TABLE drift_deferred_index (
    name       TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    sql        TEXT NOT NULL
) WITHOUT ROWID;
