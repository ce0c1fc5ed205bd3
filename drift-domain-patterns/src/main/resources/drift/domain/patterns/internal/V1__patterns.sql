CREATE TABLE patterns_placeholder (id INTEGER PRIMARY KEY);
