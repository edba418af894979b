-- Risk assessments and police home visits (rules.md §7).

CREATE TABLE risk_assessments (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    tool TEXT NOT NULL,
    assessment_date TEXT NOT NULL,
    assessor_name TEXT NOT NULL,
    assessor_agency TEXT NOT NULL,
    notes TEXT,
    -- One column per scalar result; each tool fills its own.
    rosh_overall TEXT,
    rosh_setting TEXT,
    rm2000_s TEXT,
    rm2000_v TEXT,
    rm2000_c TEXT,
    arms_priority TEXT,
    osp_c TEXT,
    osp_i TEXT,
    -- The level this assessment sets for the visit schedule (VIS-1) and from
    -- which series: 1 OASys RoSH overall, 2 RM2000/C; NULL sets none (ARMS-4).
    level_source INTEGER,
    schedule_level TEXT,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX risk_assessments_nominal ON risk_assessments(nominal_id, assessment_date, created_at, id);
-- Covers the per-person aggregation of the latest level and low_since.
CREATE INDEX risk_assessments_level ON risk_assessments(nominal_id, level_source, assessment_date, created_at, id, schedule_level);

-- RoSH risk to each group, and ARMS factors: (subject code, rating code).
CREATE TABLE risk_assessment_ratings (
    assessment_id TEXT NOT NULL REFERENCES risk_assessments(id),
    position INTEGER NOT NULL,
    subject TEXT NOT NULL,
    rating TEXT NOT NULL,
    PRIMARY KEY (assessment_id, position)
);

CREATE TABLE visits (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    visit_date TEXT NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT,
    -- 1 when the person was seen: only such a visit restarts the interval.
    seen INTEGER NOT NULL,
    present TEXT,
    concerns TEXT,
    concerns_raised INTEGER NOT NULL,
    officer TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX visits_nominal ON visits(nominal_id, visit_date);
CREATE INDEX visits_seen ON visits(seen, nominal_id, visit_date);
