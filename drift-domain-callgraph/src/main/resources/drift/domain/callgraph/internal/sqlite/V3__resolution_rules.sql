-- How many functions a call's name matched when it was resolved by name (NULL for a same-file match): a
-- call left unresolved because its name has too many candidates keeps the count instead of a guess.
ALTER TABLE callgraph_call ADD COLUMN candidates INTEGER;
-- The unresolved calls by name: a rescan that adds a function finds the calls it may resolve without
-- reading every call. Resolved calls are left out, so the index stays small after a resolution.
CREATE INDEX callgraph_call_unresolved ON callgraph_call(target) WHERE callee_pk IS NULL;
