-- The annual report (issue 12). Its RSOs per 100,000 (STAT-9): each area's population aged
-- 10 and over for a reporting year (by the year it starts in), entered by an
-- administrator with its source (the ONS mid-year estimate).
CREATE TABLE area_populations (
    area_id TEXT NOT NULL REFERENCES areas(id),
    year_start INTEGER NOT NULL,
    population BIGINT NOT NULL CHECK (population > 0),
    source TEXT NOT NULL,
    recorded_by TEXT REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (area_id, year_start)
);

-- The annual report reads each person's recalls (STAT-6).
CREATE INDEX licence_recalls_nominal ON licence_recalls(nominal_id);
