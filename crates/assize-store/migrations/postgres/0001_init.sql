-- Assize schema, PostgreSQL dialect. Keep in step with ../sqlite/0001_init.sql: the same tables,
-- columns and constraint meanings, so one sea-query statement serves both databases.
-- Ids are TEXT uuids; timestamps are TEXT RFC 3339 UTC with nine fractional digits (fixed width,
-- so text order is time order); court dates are TEXT YYYY-MM-DD; every integer and boolean is
-- BIGINT so that both drivers decode it as i64. Text columns that are sorted or compared by range
-- use COLLATE "C" so that PostgreSQL orders them byte-wise, as SQLite does.

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY NOT NULL,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    code        TEXT,
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX organisations_kind_code ON organisations (kind, code);

CREATE TABLE organisation_courts (
    org_id   TEXT NOT NULL REFERENCES organisations (id),
    ou_code  TEXT NOT NULL,
    PRIMARY KEY (org_id, ou_code)
);

CREATE TABLE users (
    id             TEXT PRIMARY KEY NOT NULL,
    org_id         TEXT NOT NULL REFERENCES organisations (id),
    username       TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL,
    password_hash  TEXT,
    disabled       BIGINT NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username)
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id),
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id),
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The event log: the record of truth. Append-only (triggers below).
CREATE TABLE events (
    global_seq      BIGSERIAL PRIMARY KEY,
    case_id         TEXT NOT NULL,
    version         BIGINT NOT NULL,
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    actor_user_id   TEXT NOT NULL,
    actor_org_id    TEXT NOT NULL,
    occurred_at     TEXT COLLATE "C" NOT NULL,
    correlation_id  TEXT NOT NULL,
    reason          TEXT,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL,
    CONSTRAINT events_case_version_key UNIQUE (case_id, version)
);

CREATE FUNCTION assize_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION assize_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION assize_append_only();

CREATE TABLE case_streams (
    case_id    TEXT PRIMARY KEY NOT NULL,
    version    BIGINT NOT NULL,
    head_hash  TEXT NOT NULL
);

-- Read models: derived from the events, rebuildable at any time.
CREATE TABLE case_summary (
    case_id                TEXT PRIMARY KEY NOT NULL,
    urn                    TEXT COLLATE "C" NOT NULL,
    case_number            TEXT,
    status                 TEXT NOT NULL,
    court_ou               TEXT,
    next_hearing_date      TEXT COLLATE "C",
    prosecutor_org_id      TEXT NOT NULL,
    charging_force_org_id  TEXT NOT NULL,
    version                BIGINT NOT NULL,
    state                  TEXT NOT NULL,
    created_at             TEXT COLLATE "C" NOT NULL,
    updated_at             TEXT COLLATE "C" NOT NULL,
    CONSTRAINT case_summary_urn_key UNIQUE (urn)
);
CREATE INDEX case_summary_urn_upper ON case_summary (upper(urn));
CREATE INDEX case_summary_case_number ON case_summary (case_number);
CREATE INDEX case_summary_order ON case_summary (next_hearing_date, urn);

CREATE TABLE case_defendants (
    case_id         TEXT NOT NULL,
    defendant_id    TEXT NOT NULL,
    full_name       TEXT COLLATE "C" NOT NULL,
    name_key        TEXT NOT NULL,
    date_of_birth   TEXT,
    asn             TEXT,
    pnc_id          TEXT,
    defence_org_id  TEXT,
    PRIMARY KEY (case_id, defendant_id)
);
CREATE INDEX case_defendants_asn ON case_defendants (asn);
CREATE INDEX case_defendants_pnc_id ON case_defendants (pnc_id);
CREATE INDEX case_defendants_dob ON case_defendants (date_of_birth);

-- COLLATE "C" (with the default operator class) lets LIKE 'prefix%' use the index.
CREATE TABLE case_name_tokens (
    token         TEXT COLLATE "C" NOT NULL,
    case_id       TEXT NOT NULL,
    defendant_id  TEXT NOT NULL,
    PRIMARY KEY (case_id, defendant_id, token)
);
CREATE INDEX case_name_tokens_token ON case_name_tokens (token);

CREATE TABLE case_hearings (
    hearing_id    TEXT PRIMARY KEY NOT NULL,
    case_id       TEXT NOT NULL,
    court_ou      TEXT NOT NULL,
    hearing_date  TEXT COLLATE "C" NOT NULL,
    hearing_type  TEXT NOT NULL,
    status        TEXT NOT NULL
);
CREATE INDEX case_hearings_court_date ON case_hearings (court_ou, hearing_date);
CREATE INDEX case_hearings_case ON case_hearings (case_id);

CREATE TABLE case_courts (
    case_id  TEXT NOT NULL,
    ou_code  TEXT NOT NULL,
    PRIMARY KEY (case_id, ou_code)
);
CREATE INDEX case_courts_ou ON case_courts (ou_code);

CREATE TABLE case_orgs (
    case_id       TEXT NOT NULL,
    org_id        TEXT NOT NULL,
    relation      TEXT NOT NULL,
    defendant_id  TEXT
);
CREATE INDEX case_orgs_org_relation ON case_orgs (org_id, relation);
CREATE INDEX case_orgs_case ON case_orgs (case_id);

-- Who read or changed what. Append-only (triggers below).
CREATE TABLE access_log (
    id              BIGSERIAL PRIMARY KEY,
    at              TEXT COLLATE "C" NOT NULL,
    user_id         TEXT NOT NULL,
    org_id          TEXT NOT NULL,
    action          TEXT NOT NULL,
    case_id         TEXT,
    defendant_id    TEXT,
    detail          TEXT,
    correlation_id  TEXT NOT NULL
);
CREATE INDEX access_log_user_at ON access_log (user_id, at);
CREATE INDEX access_log_case_at ON access_log (case_id, at);
CREATE INDEX access_log_at ON access_log (at);

CREATE TRIGGER access_log_no_update_delete BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION assize_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION assize_append_only();

CREATE TABLE idempotency_keys (
    principal_id     TEXT NOT NULL,
    idem_key         TEXT NOT NULL,
    request_hash     TEXT NOT NULL,
    response_status  BIGINT NOT NULL,
    response_body    TEXT NOT NULL,
    case_id          TEXT,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (principal_id, idem_key)
);
