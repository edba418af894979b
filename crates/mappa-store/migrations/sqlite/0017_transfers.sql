-- Moving a case to another MAPPA area or local unit (issue 11): asked by the
-- owning team, answered by the receiving area's agency of the same kind.
CREATE TABLE transfers (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    from_agency_id TEXT NOT NULL REFERENCES agencies(id),
    from_area_id TEXT REFERENCES areas(id),
    from_unit_id TEXT REFERENCES local_units(id),
    to_agency_id TEXT NOT NULL REFERENCES agencies(id),
    to_area_id TEXT NOT NULL REFERENCES areas(id),
    to_unit_id TEXT REFERENCES local_units(id),
    reason TEXT NOT NULL,
    level INTEGER,
    status TEXT NOT NULL,
    requested_by TEXT NOT NULL REFERENCES users(id),
    requested_at TEXT NOT NULL,
    requested_on TEXT NOT NULL,
    respond_by TEXT NOT NULL,
    escalate_on TEXT,
    decided_by TEXT REFERENCES users(id),
    decided_on TEXT,
    decision_reason TEXT,
    handover_until TEXT
);
CREATE INDEX transfers_nominal ON transfers(nominal_id);
CREATE INDEX transfers_to_agency ON transfers(to_agency_id, status);
-- At most one open request per case.
CREATE UNIQUE INDEX transfers_open ON transfers(nominal_id) WHERE status = 'requested';
