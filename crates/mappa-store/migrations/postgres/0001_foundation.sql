-- Foundation: agencies, users, sign-in, records, and the audit chain.
-- Ids are UUIDv7 text, dates ISO 8601 text, timestamps RFC 3339 UTC text with
-- microseconds: the same SQL text then serves SQLite and PostgreSQL, and text
-- in these fixed forms sorts in time order.

CREATE TABLE agencies (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    password_hash TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE sign_in_failures (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_username ON sign_in_failures(username, at);
CREATE INDEX sign_in_failures_address ON sign_in_failures(address, at);

CREATE TABLE nominals (
    id TEXT PRIMARY KEY,
    owning_agency_id TEXT NOT NULL REFERENCES agencies(id),
    manager_user_id TEXT REFERENCES users(id),
    surname TEXT NOT NULL,
    forenames TEXT NOT NULL,
    search_key TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    gender TEXT NOT NULL,
    height_cm BIGINT,
    build TEXT,
    eye_colour TEXT,
    hair_colour TEXT,
    distinguishing_marks TEXT,
    ethnicity TEXT NOT NULL,
    religion TEXT NOT NULL,
    disability TEXT NOT NULL,
    sexual_orientation TEXT NOT NULL,
    gender_identity TEXT NOT NULL,
    nationality TEXT NOT NULL,
    first_language TEXT NOT NULL,
    interpreter_needed TEXT NOT NULL,
    mappa_category BIGINT CHECK (mappa_category BETWEEN 1 AND 4),
    mappa_level BIGINT CHECK (mappa_level BETWEEN 1 AND 3),
    lead_agency_id TEXT REFERENCES agencies(id),
    owning_area TEXT,
    case_status TEXT NOT NULL,
    case_start_date TEXT,
    case_exit_date TEXT,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX nominals_owner ON nominals(owning_agency_id, search_key);
CREATE INDEX nominals_manager ON nominals(manager_user_id);
CREATE INDEX nominals_search ON nominals(search_key);
CREATE INDEX nominals_dob ON nominals(date_of_birth);

CREATE TABLE nominal_names (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    search_key TEXT NOT NULL
);
CREATE INDEX nominal_names_nominal ON nominal_names(nominal_id);
CREATE INDEX nominal_names_search ON nominal_names(search_key);

CREATE TABLE nominal_dates_of_birth (
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    position BIGINT NOT NULL,
    date_of_birth TEXT NOT NULL,
    PRIMARY KEY (nominal_id, position)
);
CREATE INDEX nominal_dates_of_birth_dob ON nominal_dates_of_birth(date_of_birth);

CREATE TABLE nominal_identifiers (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL
);
CREATE INDEX nominal_identifiers_nominal ON nominal_identifiers(nominal_id);
CREATE INDEX nominal_identifiers_value ON nominal_identifiers(value);

CREATE TABLE addresses (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    kind TEXT NOT NULL,
    line1 TEXT,
    line2 TEXT,
    town TEXT,
    postcode TEXT,
    place_description TEXT,
    from_date TEXT NOT NULL,
    to_date TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX addresses_nominal ON addresses(nominal_id, from_date);

CREATE TABLE disposals (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    kind TEXT NOT NULL,
    disposal_date TEXT NOT NULL,
    sentence_date TEXT,
    court TEXT,
    schedule_3 BIGINT NOT NULL,
    schedule_15 BIGINT NOT NULL,
    murder BIGINT NOT NULL,
    terrorism BIGINT NOT NULL,
    sentence_type TEXT NOT NULL,
    term_months BIGINT,
    term_days BIGINT,
    period_months BIGINT,
    consecutive_to TEXT REFERENCES disposals(id),
    created_at TEXT NOT NULL
);
CREATE INDEX disposals_nominal ON disposals(nominal_id, disposal_date);

CREATE TABLE offences (
    id TEXT PRIMARY KEY,
    disposal_id TEXT NOT NULL REFERENCES disposals(id),
    position BIGINT NOT NULL,
    description TEXT NOT NULL,
    offence_date TEXT,
    schedule_3 BIGINT NOT NULL,
    schedule_15 BIGINT NOT NULL,
    murder BIGINT NOT NULL,
    terrorism BIGINT NOT NULL
);
CREATE INDEX offences_disposal ON offences(disposal_id);

CREATE TABLE mappa_decisions (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    kind TEXT NOT NULL,
    from_value BIGINT,
    to_value BIGINT,
    rationale TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    decided_by TEXT NOT NULL REFERENCES users(id),
    decided_at TEXT NOT NULL
);
CREATE INDEX mappa_decisions_nominal ON mappa_decisions(nominal_id, decided_at);

CREATE TABLE shares (
    id TEXT PRIMARY KEY,
    nominal_id TEXT NOT NULL REFERENCES nominals(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    reason TEXT NOT NULL,
    shared_by TEXT NOT NULL REFERENCES users(id),
    shared_at TEXT NOT NULL,
    withdrawn_by TEXT REFERENCES users(id),
    withdrawn_at TEXT,
    withdrawal_reason TEXT
);
CREATE INDEX shares_nominal ON shares(nominal_id);
CREATE INDEX shares_agency ON shares(agency_id, nominal_id);
-- At most one active share per agency and record.
CREATE UNIQUE INDEX shares_active ON shares(nominal_id, agency_id) WHERE withdrawn_at IS NULL;

CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor_user_id TEXT,
    actor_username TEXT NOT NULL,
    actor_agency TEXT,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT,
    nominal_id TEXT,
    before_state TEXT,
    after_state TEXT,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_events_nominal ON audit_events(nominal_id, seq);

-- The chain's head: every write transaction locks this row first, which
-- serialises writers and so keeps the chain a single line.
CREATE TABLE audit_chain_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_chain_head (id, seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Principle 1: audit records are append-only; the database refuses the rest.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
