-- A child sex offence (CJA 2003 s327B, Schedule 34) on an offence: the
-- responsible authority must then consider disclosure (DIS-6).
ALTER TABLE offences ADD COLUMN child_sex_offence INTEGER NOT NULL DEFAULT 0;

-- MAPPA disclosure decisions (DIS-1..6): to a third party outside MAPPA,
-- with the reasons against the four tests (DIS-2), at a meeting or by the
-- lead agency between meetings; then the disclosure made, the recipient's
-- undertaking (DIS-3) and whether the offender was told (DIS-4).
CREATE TABLE disclosures (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    meeting_case_id TEXT REFERENCES meeting_cases(id),
    decision TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    decided_by TEXT NOT NULL REFERENCES users(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    recipient TEXT NOT NULL,
    recipient_kind TEXT NOT NULL,
    recipient_organisation TEXT,
    information TEXT,
    reasonable TEXT NOT NULL,
    necessary TEXT NOT NULL,
    lawful TEXT NOT NULL,
    proportionate TEXT NOT NULL,
    by_whom TEXT,
    method TEXT,
    planned_on TEXT,
    conditions TEXT,
    disclosed_on TEXT,
    undertaking_signed_on TEXT,
    offender_told INTEGER,
    not_told_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX disclosures_nominal ON disclosures(nominal_id);
