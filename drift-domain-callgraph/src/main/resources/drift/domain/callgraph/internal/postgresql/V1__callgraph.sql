-- The call graph on PostgreSQL, as SQLite has it after its migrations 1-5 (versions 2-5 have nothing left to do
-- here). Calls and data access keep an identity column named rowid, as SQLite's rowid: resolution works on sets
-- of calls by it, and new calls of a scan are those above the largest one before it.
CREATE TABLE callgraph_function (
    pk              BIGINT PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    name            TEXT NOT NULL,
    file            TEXT NOT NULL,
    start_line      BIGINT NOT NULL CHECK (start_line >= 0),
    end_line        BIGINT NOT NULL CHECK (end_line >= start_line),
    language        TEXT,
    is_entry_point  BIGINT NOT NULL DEFAULT 0,
    is_exported     BIGINT NOT NULL DEFAULT 0,
    is_async        BIGINT NOT NULL DEFAULT 0,
    has_data_access BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX callgraph_function_name ON callgraph_function(name);
CREATE INDEX callgraph_function_file ON callgraph_function(file, name);
CREATE INDEX callgraph_function_entry ON callgraph_function(is_entry_point) WHERE is_entry_point = 1;

CREATE TABLE callgraph_call (
    rowid      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    caller_pk  BIGINT NOT NULL,
    target     TEXT NOT NULL,
    line       BIGINT NOT NULL CHECK (line >= 0),
    callee_pk  BIGINT,
    confidence DOUBLE PRECISION,
    candidates BIGINT,
    callee_sym BIGINT,
    kind       TEXT
);
CREATE INDEX callgraph_call_caller ON callgraph_call(caller_pk, callee_pk);
CREATE INDEX callgraph_call_callee ON callgraph_call(callee_pk, caller_pk) WHERE callee_pk IS NOT NULL;
CREATE INDEX callgraph_call_external ON callgraph_call(callee_sym) WHERE callee_pk IS NULL AND callee_sym IS NOT NULL;
CREATE INDEX callgraph_call_unresolved ON callgraph_call(target) WHERE callee_pk IS NULL AND kind IS NULL;

CREATE TABLE callgraph_data_access (
    rowid       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    function_pk BIGINT NOT NULL,
    table_name  TEXT NOT NULL,
    operation   TEXT NOT NULL CHECK (operation = 'read' OR operation = 'write' OR operation = 'delete'),
    fields      TEXT NOT NULL,
    line        BIGINT NOT NULL CHECK (line >= 0)
);
CREATE INDEX callgraph_data_access_function ON callgraph_data_access(function_pk);
CREATE INDEX callgraph_data_access_table ON callgraph_data_access(table_name);

CREATE TABLE callgraph_counts (
    key   TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE callgraph_symbol (
    pk BIGINT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE
);
