-- Potentially dangerous persons (issue 11, PDP-1..6): people outside MAPPA,
-- each period as a PDP with its reasons, named officer (PDP-5), next review
-- and, once over, the removal with its reason.
CREATE TABLE pdp_records (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    reasons TEXT NOT NULL,
    officer_user_id TEXT REFERENCES users(id),
    recorded_on TEXT NOT NULL,
    next_review TEXT,
    removed_on TEXT,
    removal_reason TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX pdp_records_nominal ON pdp_records(nominal_id);
-- At most one current period per person.
CREATE UNIQUE INDEX pdp_records_current ON pdp_records(nominal_id) WHERE removed_on IS NULL;

CREATE TABLE pdp_reviews (
    id TEXT PRIMARY KEY,
    pdp_id TEXT NOT NULL REFERENCES pdp_records(id),
    reviewed_on TEXT NOT NULL,
    note TEXT NOT NULL,
    reviewed_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX pdp_reviews_pdp ON pdp_reviews(pdp_id);
