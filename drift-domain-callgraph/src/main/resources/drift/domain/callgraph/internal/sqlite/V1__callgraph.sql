-- Functions; pk is the compact key calls and data access point at.
CREATE TABLE callgraph_function (
    pk              INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    name            TEXT NOT NULL,
    file            TEXT NOT NULL,
    start_line      INTEGER NOT NULL CHECK (start_line >= 0),
    end_line        INTEGER NOT NULL CHECK (end_line >= start_line),
    language        TEXT,
    is_entry_point  INTEGER NOT NULL DEFAULT 0,
    is_exported     INTEGER NOT NULL DEFAULT 0,
    is_async        INTEGER NOT NULL DEFAULT 0,
    has_data_access INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX callgraph_function_name ON callgraph_function(name);
-- resolution (a function of that name in the caller's file) and "the function containing file:line"
CREATE INDEX callgraph_function_file ON callgraph_function(file, name);
CREATE INDEX callgraph_function_lines ON callgraph_function(file, start_line);
CREATE INDEX callgraph_function_entry ON callgraph_function(is_entry_point) WHERE is_entry_point = 1;

-- Call sites; callee_pk/confidence are filled by resolution (NULL: unresolved, e.g. a library call).
CREATE TABLE callgraph_call (
    caller_pk  INTEGER NOT NULL REFERENCES callgraph_function(pk) ON DELETE CASCADE,
    target     TEXT NOT NULL,
    line       INTEGER NOT NULL CHECK (line >= 0),
    callee_pk  INTEGER,
    confidence REAL
);
CREATE INDEX callgraph_call_caller ON callgraph_call(caller_pk, callee_pk);
CREATE INDEX callgraph_call_callee ON callgraph_call(callee_pk, caller_pk) WHERE callee_pk IS NOT NULL;

-- Data access by a function; fields as a JSON array of column names.
CREATE TABLE callgraph_data_access (
    function_pk INTEGER NOT NULL REFERENCES callgraph_function(pk) ON DELETE CASCADE,
    table_name  TEXT NOT NULL,
    operation   TEXT NOT NULL CHECK (operation IN ('read', 'write', 'delete')),
    fields      TEXT NOT NULL,
    line        INTEGER NOT NULL CHECK (line >= 0)
);
CREATE INDEX callgraph_data_access_function ON callgraph_data_access(function_pk);
CREATE INDEX callgraph_data_access_table ON callgraph_data_access(table_name);

-- Counters kept current on every write, so the status report costs the same at any size.
CREATE TABLE callgraph_counts (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
