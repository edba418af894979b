-- Review of indefinite notification requirements (SOA 2003 ss91A-91F; REV-01..REV-08).
-- An application received in writing, and its stages in order (REV-06). A
-- stage's own fields are kept as JSON text in `details`; the decision's
-- outcome, further review period and notice date are columns as well, because
-- the rules engine's facts and the task lists read them.

CREATE TABLE review_applications (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    received_date TEXT NOT NULL,
    notes TEXT,
    recorded_by TEXT REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX review_applications_nominal ON review_applications(nominal_id, received_date);

CREATE TABLE review_stages (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES review_applications(id),
    position INTEGER NOT NULL,
    stage TEXT NOT NULL,
    stage_date TEXT NOT NULL,
    details TEXT NOT NULL,
    outcome TEXT,
    further_review_years INTEGER,
    notice_date TEXT,
    notes TEXT,
    recorded_by TEXT REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
-- One stage per place in the sequence: two people recording the same next
-- stage at once cannot both succeed.
CREATE UNIQUE INDEX review_stages_position ON review_stages(application_id, position);
