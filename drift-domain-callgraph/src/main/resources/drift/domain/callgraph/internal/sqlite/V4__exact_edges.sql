-- Exact call targets. A producer that knows the callee (a bytecode scanner, an external indexer) names it
-- by id; the id is kept interned (a call into a library names one of a few thousand methods, a million
-- times), so that an edge to a function outside the scan stays an external call with its exact target,
-- and resolves the day the function is scanned.
CREATE TABLE callgraph_symbol (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE
);
-- the exact target as given (NULL: resolved by name), and how the edge was found (NULL: by name;
-- exact, static, special, virtual, lambda, cha, rta); its confidence follows from the kind
ALTER TABLE callgraph_call ADD COLUMN callee_sym INTEGER;
ALTER TABLE callgraph_call ADD COLUMN kind TEXT;
-- the exact calls still waiting for their target: a rescan that adds functions finds them without a scan
CREATE INDEX callgraph_call_external ON callgraph_call(callee_sym) WHERE callee_pk IS NULL AND callee_sym IS NOT NULL;
-- unresolved calls by name only: an external call (an exact target outside the store) is not looked up by name
DROP INDEX callgraph_call_unresolved;
CREATE INDEX callgraph_call_unresolved ON callgraph_call(target) WHERE callee_pk IS NULL AND callee_sym IS NULL;
