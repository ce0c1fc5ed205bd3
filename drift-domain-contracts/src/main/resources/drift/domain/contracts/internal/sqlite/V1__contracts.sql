-- API contracts: a backend endpoint and the frontend calls that consume it.
CREATE TABLE contracts_contract (
    pk                INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    method            TEXT NOT NULL CHECK (method IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS')),
    endpoint          TEXT NOT NULL CHECK (length(endpoint) > 0),
    status            TEXT NOT NULL CHECK (status IN ('discovered', 'verified', 'mismatch', 'ignored')),
    confidence        REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    backend_file      TEXT NOT NULL,
    backend_line      INTEGER NOT NULL,
    backend_framework TEXT,
    status_changed_at TEXT,
    verified_at       TEXT
);
CREATE INDEX contracts_contract_endpoint ON contracts_contract(endpoint, method);
CREATE INDEX contracts_contract_status ON contracts_contract(status);
CREATE INDEX contracts_contract_backend_file ON contracts_contract(backend_file);

-- The frontend calls of a contract (position = order in the contract).
CREATE TABLE contracts_frontend (
    contract_pk INTEGER NOT NULL REFERENCES contracts_contract(pk) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    file        TEXT NOT NULL,
    line        INTEGER NOT NULL,
    library     TEXT,
    PRIMARY KEY (contract_pk, position)
) WITHOUT ROWID;
CREATE INDEX contracts_frontend_file ON contracts_frontend(file);

-- Response fields: of the backend (position -1) or of one frontend call (its position).
CREATE TABLE contracts_field (
    contract_pk INTEGER NOT NULL REFERENCES contracts_contract(pk) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    optional    INTEGER NOT NULL DEFAULT 0,
    nullable    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contracts_field_contract ON contracts_field(contract_pk, position);

CREATE TABLE contracts_mismatch (
    contract_pk   INTEGER NOT NULL REFERENCES contracts_contract(pk) ON DELETE CASCADE,
    field_path    TEXT NOT NULL,
    mismatch_type TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    severity      TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info'))
);
CREATE INDEX contracts_mismatch_contract ON contracts_mismatch(contract_pk);
CREATE INDEX contracts_mismatch_type ON contracts_mismatch(mismatch_type, severity);

-- Counters kept current on every write, so the status report costs the same at any size.
CREATE TABLE contracts_counts (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
