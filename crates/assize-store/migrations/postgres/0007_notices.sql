-- Notices of results to the agencies that need them (issue 5; postgres dialect; keep in step with
-- ../sqlite/0007_notices.sql). The notices are written in the transaction that appends the events
-- recording the results (a transactional outbox), so a result committed without its notices
-- cannot exist; delivery (pull feed or webhook) works from these rows, at least once.

-- Who receives notices. One row per routing slot: a party (`police_force:<org id>`,
-- `prosecuting_authority:<org id>`, `defence_firm:<org id>`) or an agency kind (`prison`,
-- `probation`, ...). Rows are created by the first notice for the slot, so none is ever dropped
-- for want of a registration; an operator then sets how it is delivered. `org_id` is the
-- organisation whose users may read the feed (a party's own organisation; for an agency, the one
-- an operator assigns). `next_seq` numbers the recipient's notices in commit order: it is
-- incremented under the row lock in the writing transaction, so the feed never skips a notice
-- committed late. `acked_seq` is the pull cursor the recipient acknowledged up to.
CREATE TABLE recipients (
    id              TEXT PRIMARY KEY NOT NULL,
    slot            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    org_id          TEXT REFERENCES organisations (id),
    name            TEXT,
    delivery        TEXT NOT NULL DEFAULT 'pull' CHECK (delivery IN ('pull', 'webhook')),
    webhook_url     TEXT,
    webhook_secret  TEXT,
    max_attempts    BIGINT NOT NULL DEFAULT 10,
    next_seq        BIGINT NOT NULL DEFAULT 0,
    acked_seq       BIGINT NOT NULL DEFAULT 0,
    -- The dispatcher process holding this recipient's deliveries, and until when (a crashed
    -- holder's lease runs out and another process takes over: at-least-once, never none).
    lease_owner     TEXT,
    lease_until     TEXT COLLATE "C",
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TEXT COLLATE "C" NOT NULL
);

-- One notice to one recipient. `notice_key` is the domain's stable key (series + case version):
-- the same change can never write a notice twice. `replaces_id` is the recipient's earlier
-- notice of the same series that an amendment replaces. `body` is the notice content (JSON).
-- `state`: pending until delivered (a 2xx from the webhook, or acknowledged on the feed); dead
-- when a webhook notice failed `max_attempts` times (parked, replayable).
CREATE TABLE notices (
    id               TEXT PRIMARY KEY NOT NULL,
    recipient_id     TEXT NOT NULL REFERENCES recipients (id),
    seq              BIGINT NOT NULL,
    notice_key       TEXT NOT NULL UNIQUE,
    series           TEXT NOT NULL,
    kind             TEXT NOT NULL,
    case_id          TEXT NOT NULL,
    defendant_id     TEXT NOT NULL,
    hearing_id       TEXT NOT NULL,
    case_version     BIGINT NOT NULL,
    replaces_id      TEXT REFERENCES notices (id),
    body             TEXT NOT NULL,
    created_at       TEXT COLLATE "C" NOT NULL,
    state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    -- attempts before the last replay: a replayed notice gets max_attempts fresh tries.
    attempts_base    BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  TEXT COLLATE "C",
    last_attempt_at  TEXT COLLATE "C",
    last_error       TEXT,
    delivered_at     TEXT COLLATE "C",
    UNIQUE (recipient_id, seq)
);
-- The undelivered are few however many were delivered: the dispatcher, the feed's figures and
-- /metrics read them through these partial indexes, never the whole table (a recipient's
-- delivered count is its last seq less its pending and dead).
CREATE INDEX notices_pending ON notices (recipient_id, seq) WHERE state = 'pending';
CREATE INDEX notices_dead ON notices (recipient_id, seq) WHERE state = 'dead';
CREATE INDEX notices_series ON notices (series, case_version);
CREATE INDEX notices_case ON notices (case_id, defendant_id, hearing_id);

-- Every delivery attempt of a webhook notice, for operators (what failed, when, how).
CREATE TABLE notice_attempts (
    notice_id  TEXT NOT NULL REFERENCES notices (id),
    attempt    BIGINT NOT NULL,
    at         TEXT COLLATE "C" NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('delivered', 'rejected', 'failed')),
    status     BIGINT,
    error      TEXT,
    PRIMARY KEY (notice_id, attempt)
);

-- An administrator's changes to the default routing of result codes to agencies (the defaults
-- come from the CJS result code list, in code). `send` false switches a default off, true adds
-- a recipient kind; a party (force, prosecutor, defence) cannot be switched off.
CREATE TABLE notice_routes (
    result_code     TEXT NOT NULL,
    recipient_kind  TEXT NOT NULL,
    send            BIGINT NOT NULL CHECK (send IN (0, 1)),
    set_by          TEXT NOT NULL REFERENCES users (id),
    set_at          TEXT NOT NULL,
    PRIMARY KEY (result_code, recipient_kind)
);

-- The daily reconciliation reads the results recorded in a day: by event type and time.
CREATE INDEX events_type_time ON events (event_type, occurred_at);
