-- Calls and data access lose their foreign-key clauses. Every key they hold comes from the function
-- table itself (the batch handler looks it up and refuses a row whose function is unknown), and every
-- delete of functions removes their calls and data access explicitly, in the same transaction. The
-- per-row foreign-key probe was a tenth of a bulk write and guarded nothing the handler does not.
-- (CHECKs are written as comparisons: an "IN (list)" CHECK cost far more per inserted row.)
CREATE TABLE callgraph_call_v2 (
    caller_pk  INTEGER NOT NULL,
    target     TEXT NOT NULL,
    line       INTEGER NOT NULL CHECK (line >= 0),
    callee_pk  INTEGER,
    confidence REAL
);
INSERT INTO callgraph_call_v2(caller_pk, target, line, callee_pk, confidence)
    SELECT caller_pk, target, line, callee_pk, confidence FROM callgraph_call ORDER BY caller_pk;
DROP TABLE callgraph_call;
ALTER TABLE callgraph_call_v2 RENAME TO callgraph_call;
CREATE INDEX callgraph_call_caller ON callgraph_call(caller_pk, callee_pk);
CREATE INDEX callgraph_call_callee ON callgraph_call(callee_pk, caller_pk) WHERE callee_pk IS NOT NULL;

CREATE TABLE callgraph_data_access_v2 (
    function_pk INTEGER NOT NULL,
    table_name  TEXT NOT NULL,
    operation   TEXT NOT NULL CHECK (operation = 'read' OR operation = 'write' OR operation = 'delete'),
    fields      TEXT NOT NULL,
    line        INTEGER NOT NULL CHECK (line >= 0)
);
INSERT INTO callgraph_data_access_v2(function_pk, table_name, operation, fields, line)
    SELECT function_pk, table_name, operation, fields, line FROM callgraph_data_access ORDER BY function_pk;
DROP TABLE callgraph_data_access;
ALTER TABLE callgraph_data_access_v2 RENAME TO callgraph_data_access;
CREATE INDEX callgraph_data_access_function ON callgraph_data_access(function_pk);
CREATE INDEX callgraph_data_access_table ON callgraph_data_access(table_name);

-- "The function containing file:line" reads the few functions of one file through the (file, name)
-- index and picks the innermost; an index of its own cost every function insert more than it saved.
DROP INDEX callgraph_function_lines;
