-- The scan that last wrote a function: a rescan of its file keeps a function it reports again (same id) in
-- place, with its key, so calls into it from other files stay as they are; the others go at its end.
ALTER TABLE callgraph_function ADD COLUMN scan_id BIGINT;
