-- Calls by name are the calls without a kind (an exact call has one, resolved or not): the index of unresolved
-- calls by name says so, so that the look-ups of an incremental resolution (calls naming a function that came
-- or went) use it instead of reading every call.
DROP INDEX callgraph_call_unresolved;
CREATE INDEX callgraph_call_unresolved ON callgraph_call(target) WHERE callee_pk IS NULL AND kind IS NULL;
