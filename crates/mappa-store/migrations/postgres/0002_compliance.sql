-- Day-to-day management: where the person is (custody, hospital, abroad),
-- the notifications they make, the obligations the rules engine works out
-- from the stored facts, and the tasks the daily sweep makes of them.

CREATE TABLE periods (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    kind TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT,
    place TEXT,
    recorded_by TEXT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX periods_nominal ON periods(nominal_id, from_date);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    notified_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    details TEXT NOT NULL,
    late TEXT NOT NULL,
    is_late BIGINT NOT NULL,
    not_subject_reason TEXT,
    photographs_taken BIGINT NOT NULL,
    fingerprints_taken BIGINT NOT NULL,
    station TEXT,
    notes TEXT,
    next_due TEXT,
    received_by TEXT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX notifications_nominal ON notifications(nominal_id, notified_on);

-- Derived from the facts above (and the record) by the rules engine; rebuilt
-- for a person on every write to them and for everyone by the daily sweep.
CREATE TABLE obligations (
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    due_date TEXT NOT NULL,
    rule TEXT NOT NULL,
    PRIMARY KEY (nominal_id, kind, source)
);
CREATE INDEX obligations_due ON obligations(due_date, kind);

CREATE TABLE compliance_status (
    nominal_id TEXT PRIMARY KEY REFERENCES nominals(id),
    subject BIGINT NOT NULL,
    away_kind TEXT,
    away_since TEXT,
    computed_on TEXT NOT NULL,
    -- The first day the answer may change with no new fact: the daily sweep
    -- works the person out again then.
    recheck_on TEXT,
    problem TEXT
);
CREATE INDEX compliance_status_recheck ON compliance_status(recheck_on);
CREATE INDEX compliance_status_away ON compliance_status(away_kind, away_since);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    due_date TEXT NOT NULL,
    rule TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    closed_at TEXT,
    closed_by TEXT REFERENCES users(id),
    close_note TEXT
);
-- One task per obligation and date, open or closed: the sweep never makes one twice.
CREATE UNIQUE INDEX tasks_once ON tasks(nominal_id, kind, source, due_date);
CREATE INDEX tasks_open ON tasks(agency_id, status, due_date);
CREATE INDEX tasks_nominal ON tasks(nominal_id, status);
