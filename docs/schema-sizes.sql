-- Bytes per table and per index (every b-tree page, dbstat), rows per table and bytes per row.
-- Run with the sqlite3 shell: sqlite3 DB < docs/schema-sizes.sql
.mode markdown
.headers on
CREATE TEMP TABLE sizes AS
    SELECT s.name AS object, s.tbl_name AS tbl, s.type AS type, sum(d.pgsize) AS bytes
    FROM dbstat d JOIN sqlite_schema s ON s.name = d.name
    GROUP BY s.name;
-- FTS5 keeps its index in shadow tables named after it
CREATE TEMP TABLE rowcounts(tbl TEXT PRIMARY KEY, n INTEGER);
INSERT INTO rowcounts SELECT 'patterns_pattern', count(*) FROM patterns_pattern;
INSERT INTO rowcounts SELECT 'patterns_location', count(*) FROM patterns_location;
INSERT INTO rowcounts SELECT 'callgraph_function', count(*) FROM callgraph_function;
INSERT INTO rowcounts SELECT 'callgraph_call', count(*) FROM callgraph_call;
INSERT INTO rowcounts SELECT 'callgraph_data_access', count(*) FROM callgraph_data_access;
INSERT INTO rowcounts SELECT 'callgraph_symbol', count(*) FROM callgraph_symbol;
INSERT INTO rowcounts SELECT 'contracts_contract', count(*) FROM contracts_contract;
INSERT INTO rowcounts SELECT 'contracts_frontend', count(*) FROM contracts_frontend;
INSERT INTO rowcounts SELECT 'contracts_field', count(*) FROM contracts_field;
INSERT INTO rowcounts SELECT 'contracts_mismatch', count(*) FROM contracts_mismatch;
INSERT INTO rowcounts SELECT 'drift_file', count(*) FROM drift_file;
SELECT CASE WHEN tbl LIKE 'patterns_fts%' THEN 'patterns_fts' ELSE tbl END AS "table",
       coalesce(r.n, '') AS "rows",
       sum(CASE WHEN type = 'table' THEN bytes ELSE 0 END) AS "table bytes",
       sum(CASE WHEN type = 'index' THEN bytes ELSE 0 END) AS "index bytes",
       CASE WHEN r.n > 0 THEN round(sum(CASE WHEN type = 'table' THEN bytes ELSE 0 END) * 1.0 / r.n, 1) ELSE '' END AS "table bytes/row",
       CASE WHEN r.n > 0 THEN round(sum(bytes) * 1.0 / r.n, 1) ELSE '' END AS "all bytes/row"
FROM sizes LEFT JOIN rowcounts r USING (tbl)
GROUP BY 1 HAVING sum(bytes) > 8192 ORDER BY sum(bytes) DESC;
SELECT name AS "index", bytes FROM (SELECT object AS name, bytes FROM sizes WHERE type = 'index' AND object NOT LIKE 'sqlite_autoindex%'
    UNION ALL SELECT object, bytes FROM sizes WHERE object LIKE 'sqlite_autoindex%') ORDER BY bytes DESC LIMIT 20;
SELECT page_count * page_size AS "file bytes" FROM pragma_page_count, pragma_page_size;
