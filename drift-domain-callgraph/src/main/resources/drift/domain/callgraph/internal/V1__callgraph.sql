CREATE TABLE callgraph_placeholder (id INTEGER PRIMARY KEY);
