-- A person's review decision lives apart from the contract, keyed by the stable contract id, so a rescan
-- that removes a contract and brings it back keeps it. A contract's status is its decision's, except that
-- a scan reporting a mismatch contradicts a verification (or a reopening): the decision then goes.
CREATE TABLE contracts_decision (
    contract_id       TEXT PRIMARY KEY,
    status            TEXT NOT NULL CHECK (status = 'discovered' OR status = 'verified' OR status = 'mismatch' OR status = 'ignored'),
    status_changed_at TEXT NOT NULL,
    verified_at       TEXT
) WITHOUT ROWID;
INSERT INTO contracts_decision(contract_id, status, status_changed_at, verified_at)
    SELECT id, status, status_changed_at, verified_at FROM contracts_contract WHERE status_changed_at IS NOT NULL;

-- A hash of what a scan reported for the contract, nested parts included: a rescan that reports it
-- unchanged leaves it (and its nested rows) untouched.
ALTER TABLE contracts_contract ADD COLUMN content_hash INTEGER;
