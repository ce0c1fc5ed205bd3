CREATE TABLE contracts_placeholder (id INTEGER PRIMARY KEY);
