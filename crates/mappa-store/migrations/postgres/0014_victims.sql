-- Victims linked to a case (issue 11): seen only by the owning agency and
-- the Victim Liaison Officer's agency. Kept apart from every table that
-- lists, searches or exports people, so no other path can show them.
CREATE TABLE victims (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    name TEXT NOT NULL,
    contact_scheme TEXT NOT NULL,
    views TEXT,
    views_recorded_on TEXT,
    vlo_user_id TEXT REFERENCES users(id),
    vlo_agency_id TEXT REFERENCES agencies(id),
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX victims_nominal ON victims(nominal_id);

-- The licence conditions (no contact, exclusion zones) that protect a victim.
CREATE TABLE victim_protections (
    victim_id TEXT NOT NULL REFERENCES victims(id),
    condition_id TEXT NOT NULL REFERENCES licence_conditions(id),
    PRIMARY KEY (victim_id, condition_id)
);
