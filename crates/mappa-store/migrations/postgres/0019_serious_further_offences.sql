-- Serious further offences and Serious Case Reviews (issue 11; SFO-1,
-- SCR-1..3): the notification, reviews, outcome, and for a MAPPA case the
-- Board's decision on a review, its notification and its action plan.
CREATE TABLE sfo_cases (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    charged_on TEXT NOT NULL,
    offence TEXT NOT NULL,
    notified_on TEXT NOT NULL,
    category INTEGER,
    level INTEGER,
    initial_review_on TEXT,
    full_review_on TEXT,
    outcome_on TEXT,
    scr_decided_on TEXT,
    scr_warranted INTEGER,
    scr_remit TEXT,
    scr_lay_adviser TEXT,
    scr_agency_id TEXT REFERENCES agencies(id),
    scr_notify_by TEXT,
    scr_notified_on TEXT,
    closed_on TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX sfo_cases_nominal ON sfo_cases(nominal_id);

CREATE TABLE sfo_steps (
    id TEXT PRIMARY KEY,
    sfo_id TEXT NOT NULL REFERENCES sfo_cases(id),
    stage TEXT NOT NULL,
    on_date TEXT NOT NULL,
    note TEXT,
    owner_role TEXT,
    due_date TEXT,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX sfo_steps_sfo ON sfo_steps(sfo_id);
