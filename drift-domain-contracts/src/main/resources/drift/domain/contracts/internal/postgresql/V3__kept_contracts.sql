-- The scan that last wrote or confirmed a contract: a rescan of its files keeps the contracts it reports
-- unchanged (setting this, nested rows untouched) and removes the others at its end.
ALTER TABLE contracts_contract ADD COLUMN scan_id BIGINT;
