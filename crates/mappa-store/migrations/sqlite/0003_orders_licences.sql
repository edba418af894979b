-- Civil orders with their terms, travel prohibition, passport and changes
-- (rules.md §4), and licences with sentence dates, conditions and recalls (§5).

CREATE TABLE civil_orders (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    order_type TEXT NOT NULL,
    court TEXT,
    made_date TEXT NOT NULL,
    served_date TEXT,
    end_date TEXT,
    status TEXT NOT NULL,
    discharged_date TEXT,
    travel_scope TEXT,
    travel_countries TEXT,
    travel_end_date TEXT,
    travel_limit_date TEXT,
    passport_station TEXT,
    passport_surrendered TEXT,
    passport_returned TEXT,
    revision INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX civil_orders_nominal ON civil_orders(nominal_id, made_date);

CREATE TABLE civil_order_terms (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES civil_orders(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    wording TEXT NOT NULL,
    responsible_person TEXT,
    end_date TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX civil_order_terms_order ON civil_order_terms(order_id, position);

CREATE TABLE civil_order_changes (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES civil_orders(id),
    kind TEXT NOT NULL,
    change_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    end_before TEXT,
    end_after TEXT,
    travel_end_before TEXT,
    travel_end_after TEXT,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX civil_order_changes_order ON civil_order_changes(order_id, recorded_at);

CREATE TABLE licences (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    disposal_id TEXT REFERENCES disposals(id),
    release_date TEXT NOT NULL,
    crd TEXT,
    ard TEXT,
    led TEXT,
    sed TEXT,
    pss_end TEXT,
    ped TEXT,
    hdced TEXT,
    hdcad TEXT,
    prrd TEXT,
    standard_conditions TEXT NOT NULL,
    superseded_at TEXT,
    recorded_by TEXT REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX licences_nominal ON licences(nominal_id, recorded_at);

CREATE TABLE licence_conditions (
    id TEXT PRIMARY KEY,
    licence_id TEXT NOT NULL REFERENCES licences(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    wording TEXT NOT NULL,
    curfew_start TEXT,
    curfew_end TEXT,
    gps INTEGER NOT NULL
);
CREATE INDEX licence_conditions_licence ON licence_conditions(licence_id, position);

CREATE TABLE licence_recalls (
    id TEXT PRIMARY KEY,
    licence_id TEXT NOT NULL REFERENCES licences(id),
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    recall_date TEXT NOT NULL,
    recall_type TEXT NOT NULL,
    reasons TEXT NOT NULL,
    recorded_by TEXT REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX licence_recalls_licence ON licence_recalls(licence_id, recall_date);
