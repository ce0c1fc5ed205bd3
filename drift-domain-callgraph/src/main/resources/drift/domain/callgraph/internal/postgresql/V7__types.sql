-- The types a producer resolves virtual calls through (the JVM scanner's classes): a rescan compares a changed
-- type with what it was here. Lists are one entry per line; a type's methods are its functions ('type#signature'),
-- here only which of them are static or abstract.
CREATE TABLE callgraph_type (
    id               TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    file             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    supertypes       TEXT NOT NULL,
    static_methods   TEXT NOT NULL,
    abstract_methods TEXT NOT NULL
);
-- a rescan removes a file's types, and reads a changed file's ones
CREATE INDEX callgraph_type_file ON callgraph_type(file);
