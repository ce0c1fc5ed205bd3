-- A second hash per file: of the part of it that other files' rows depend on (for bytecode, the classes'
-- supertypes and members, not their code). A producer compares it to tell a change inside a file, which
-- rewrites that file only, from one that can move rows in others.
ALTER TABLE drift_file ADD COLUMN interface_sha256 TEXT;
