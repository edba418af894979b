-- Applications under the Child Sex Offender and Domestic Violence
-- Disclosure Schemes (issue 11; CSO-1..5, DVDS-1..6), handled by the agency
-- that records them (the police), each step kept.
CREATE TABLE disclosure_applications (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    scheme TEXT NOT NULL,
    route TEXT NOT NULL,
    received TEXT NOT NULL,
    applicant TEXT,
    applicant_relationship TEXT,
    person_at_risk TEXT,
    children TEXT,
    contact TEXT,
    immediate_risk INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    initial_review_due TEXT,
    face_to_face_due TEXT,
    outcome TEXT,
    decided_on TEXT,
    disclosed_on TEXT,
    closed_on TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX disclosure_applications_nominal ON disclosure_applications(nominal_id);
CREATE INDEX disclosure_applications_open ON disclosure_applications(agency_id) WHERE closed_on IS NULL;

CREATE TABLE application_stages (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES disclosure_applications(id),
    stage TEXT NOT NULL,
    on_date TEXT NOT NULL,
    note TEXT,
    outcome TEXT,
    reasons TEXT,
    decided_by TEXT,
    recipient TEXT,
    method TEXT,
    extended_to TEXT,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX application_stages_application ON application_stages(application_id);
