-- The types a producer resolves virtual calls through (the JVM scanner's classes): a rescan compares a changed
-- type with what it was here. Lists are one entry per line: supertypes by name, methods as 'kind signature'.
CREATE TABLE callgraph_type (
    id         TEXT NOT NULL PRIMARY KEY CHECK (length(id) > 0),
    file       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    supertypes TEXT NOT NULL,
    methods    TEXT NOT NULL
);
-- a rescan removes a file's types, and reads a changed file's ones
CREATE INDEX callgraph_type_file ON callgraph_type(file);
