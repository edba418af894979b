-- MAPPA itself: areas and their local units, panels, referrals (MAPPA A),
-- meetings with their agenda, invitations and attendance, minutes (MAPPA B)
-- kept as versioned documents, and the actions of risk management plans.

CREATE TABLE areas (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE local_units (
    id TEXT PRIMARY KEY,
    area_id TEXT NOT NULL REFERENCES areas(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (area_id, code)
);

-- An agency (and so its users) belongs to an area and, optionally, a unit; a
-- case to an area and unit, by default its owning agency's.
ALTER TABLE agencies ADD COLUMN area_id TEXT REFERENCES areas(id);
ALTER TABLE agencies ADD COLUMN unit_id TEXT REFERENCES local_units(id);
ALTER TABLE nominals ADD COLUMN area_id TEXT REFERENCES areas(id);
ALTER TABLE nominals ADD COLUMN unit_id TEXT REFERENCES local_units(id);

-- One access model: a referral or a meeting invitation is a share like any
-- other, with its basis; a referral's reaches only the agency's MAPPA
-- coordinators and chairs.
ALTER TABLE shares ADD COLUMN audience TEXT NOT NULL DEFAULT 'agency';
ALTER TABLE shares ADD COLUMN basis TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE shares ADD COLUMN basis_id TEXT;
DROP INDEX shares_active;
CREATE UNIQUE INDEX shares_active ON shares(nominal_id, agency_id, audience) WHERE withdrawn_at IS NULL;
CREATE INDEX shares_basis ON shares(basis_id);

CREATE TABLE panels (
    id TEXT PRIMARY KEY,
    area_id TEXT NOT NULL REFERENCES areas(id),
    unit_id TEXT REFERENCES local_units(id),
    level INTEGER NOT NULL CHECK (level IN (2, 3)),
    name TEXT NOT NULL,
    chair_user_id TEXT REFERENCES users(id),
    pattern TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX panels_area ON panels(area_id);

CREATE TABLE referrals (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    area_id TEXT NOT NULL REFERENCES areas(id),
    unit_id TEXT REFERENCES local_units(id),
    level INTEGER NOT NULL,
    category INTEGER NOT NULL,
    reason TEXT NOT NULL,
    release_date TEXT,
    due_before_release TEXT,
    late INTEGER NOT NULL,
    screening_due TEXT,
    referring_agency_id TEXT NOT NULL REFERENCES agencies(id),
    referred_by TEXT NOT NULL REFERENCES users(id),
    referred_on TEXT NOT NULL,
    referred_at TEXT NOT NULL,
    status TEXT NOT NULL,
    screened_level INTEGER,
    screening_reason TEXT,
    criteria TEXT,
    panel_id TEXT REFERENCES panels(id),
    screened_by TEXT REFERENCES users(id),
    screened_at TEXT
);
CREATE INDEX referrals_area ON referrals(area_id, status);
CREATE INDEX referrals_nominal ON referrals(nominal_id);

CREATE TABLE referral_sections (
    referral_id TEXT NOT NULL REFERENCES referrals(id),
    section TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    content TEXT NOT NULL,
    PRIMARY KEY (referral_id, section)
);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    panel_id TEXT NOT NULL REFERENCES panels(id),
    meeting_date TEXT NOT NULL,
    statement_read INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX meetings_panel ON meetings(panel_id, meeting_date);
CREATE INDEX meetings_date ON meetings(meeting_date);

CREATE TABLE meeting_cases (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    referral_id TEXT REFERENCES referrals(id),
    kind TEXT NOT NULL,
    added_by TEXT NOT NULL REFERENCES users(id),
    added_at TEXT NOT NULL,
    UNIQUE (meeting_id, nominal_id)
);
CREATE INDEX meeting_cases_nominal ON meeting_cases(nominal_id);

CREATE TABLE meeting_invitations (
    meeting_case_id TEXT NOT NULL REFERENCES meeting_cases(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    status TEXT,
    attendee TEXT,
    grade TEXT,
    invited_by TEXT NOT NULL REFERENCES users(id),
    invited_at TEXT NOT NULL,
    recorded_by TEXT REFERENCES users(id),
    recorded_at TEXT,
    -- The meeting's area and date and the case's unit when it was listed:
    -- accountability is counted from these dated facts, not today's state.
    area_id TEXT NOT NULL REFERENCES areas(id),
    unit_id TEXT REFERENCES local_units(id),
    meeting_date TEXT NOT NULL,
    PRIMARY KEY (meeting_case_id, agency_id)
);
CREATE INDEX meeting_invitations_agency ON meeting_invitations(agency_id);
CREATE INDEX meeting_invitations_report ON meeting_invitations(area_id, meeting_date, agency_id, status, unit_id);

-- Versions of one case's minutes: a draft is saved over until approved;
-- approval freezes the version.
CREATE TABLE minutes (
    id TEXT PRIMARY KEY,
    meeting_case_id TEXT NOT NULL REFERENCES meeting_cases(id),
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    -- From the body, for the lists of reviews due and the reports.
    level_decision TEXT,
    next_review_date TEXT,
    written_by TEXT NOT NULL REFERENCES users(id),
    written_at TEXT NOT NULL,
    approved_by TEXT REFERENCES users(id),
    approved_at TEXT,
    UNIQUE (meeting_case_id, version)
);

CREATE TABLE actions (
    id TEXT PRIMARY KEY,
    meeting_case_id TEXT NOT NULL REFERENCES meeting_cases(id),
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    owner_agency_id TEXT NOT NULL REFERENCES agencies(id),
    owner_person TEXT,
    due_date TEXT NOT NULL,
    pillar TEXT NOT NULL,
    -- draft until the minutes are approved; then open, done or cancelled.
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    completed_on TEXT,
    completed_by TEXT REFERENCES users(id),
    note TEXT,
    cancelled_reason TEXT,
    -- As for invitations: the meeting that gave the action, for reports.
    area_id TEXT NOT NULL REFERENCES areas(id),
    unit_id TEXT REFERENCES local_units(id),
    meeting_date TEXT NOT NULL
);
CREATE INDEX actions_report ON actions(area_id, meeting_date, owner_agency_id, status, due_date, completed_on, unit_id);
CREATE INDEX actions_agency ON actions(owner_agency_id, status, due_date);
CREATE INDEX actions_case ON actions(meeting_case_id);

-- MIN-5: minutes shared beyond the agencies invited, with the meeting's
-- agreement or the chair's approval (the grant itself is a share).
CREATE TABLE minutes_shares (
    id TEXT PRIMARY KEY,
    meeting_case_id TEXT NOT NULL REFERENCES meeting_cases(id),
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    reason TEXT NOT NULL,
    requested_by TEXT NOT NULL REFERENCES users(id),
    requested_at TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_by TEXT REFERENCES users(id),
    decided_at TEXT,
    decision_reason TEXT
);
CREATE INDEX minutes_shares_case ON minutes_shares(meeting_case_id);
