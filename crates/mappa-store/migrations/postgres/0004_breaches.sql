-- Breaches (NOTIF-50..53, SHPO-7, SRO-7, SRO-8, REC-1) with their outcome
-- history, and wanted/missing circulations on the PNC with theirs. Ids are
-- UUIDv7 text, dates ISO text, timestamps fixed-form UTC text (see 0001), so
-- the timestamps compare correctly as text.

CREATE TABLE breaches (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    kind TEXT NOT NULL,
    -- The order breached. No foreign key yet: the orders table comes separately.
    order_id TEXT,
    licence_condition TEXT,
    description TEXT NOT NULL,
    discovered_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    -- NOTIF-53: the deadline with the hours configured when recorded, and
    -- whether the recording came after it.
    record_due_at TEXT NOT NULL,
    recorded_late BIGINT NOT NULL
);
CREATE INDEX breaches_nominal ON breaches(nominal_id, discovered_at);
CREATE INDEX breaches_order ON breaches(order_id);

CREATE TABLE breach_outcomes (
    id TEXT PRIMARY KEY,
    breach_id TEXT NOT NULL REFERENCES breaches(id),
    kind TEXT NOT NULL,
    outcome_date TEXT NOT NULL,
    court TEXT,
    reference TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id)
);
CREATE INDEX breach_outcomes_breach ON breach_outcomes(breach_id, outcome_date);

CREATE TABLE circulations (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    kind TEXT NOT NULL,
    pnc_reference TEXT NOT NULL,
    from_date TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    cancelled_date TEXT,
    cancelled_at TEXT,
    cancelled_by TEXT REFERENCES users(id)
);
CREATE INDEX circulations_nominal ON circulations(nominal_id, from_date);
-- One current circulation per person.
CREATE UNIQUE INDEX circulations_one_current ON circulations(nominal_id) WHERE cancelled_date IS NULL;
