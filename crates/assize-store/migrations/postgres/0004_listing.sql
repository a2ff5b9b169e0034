-- Listing: the court estate (courtrooms), its calendar (sittings, recurring sitting patterns), and
-- where each hearing sits. PostgreSQL dialect; keep in step with ../sqlite/0004_listing.sql (same
-- conventions as 0001: TEXT uuids, TEXT RFC 3339 UTC timestamps, TEXT YYYY-MM-DD dates, TEXT HH:MM
-- times, BIGINT integers and booleans; compared text COLLATE "C").
-- Courtrooms and sittings are working data of the court, not case history: they can change (a
-- bench replaced, a capacity raised), so every row records who created it and who last changed it,
-- and every change is also an entry in the append-only access log.

CREATE TABLE courtrooms (
    id              TEXT PRIMARY KEY NOT NULL,
    court_ou        TEXT NOT NULL,
    name            TEXT NOT NULL,
    youth_suitable  BIGINT NOT NULL,
    secure_dock     BIGINT NOT NULL,
    created_by      TEXT NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_by      TEXT REFERENCES users (id),
    updated_at      TEXT
);
CREATE UNIQUE INDEX courtrooms_court_name ON courtrooms (court_ou, name);

CREATE TABLE sitting_patterns (
    id              TEXT PRIMARY KEY NOT NULL,
    court_ou        TEXT NOT NULL,
    courtroom_id    TEXT NOT NULL REFERENCES courtrooms (id),
    weekdays        TEXT NOT NULL,
    start_time      TEXT COLLATE "C" NOT NULL,
    session         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    judiciary       TEXT NOT NULL,
    capacity_unit   TEXT NOT NULL,
    capacity        BIGINT NOT NULL,
    valid_from      TEXT COLLATE "C" NOT NULL,
    valid_until     TEXT COLLATE "C" NOT NULL,
    created_by      TEXT NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL
);
CREATE INDEX sitting_patterns_court ON sitting_patterns (court_ou);

CREATE TABLE sittings (
    id              TEXT PRIMARY KEY NOT NULL,
    court_ou        TEXT NOT NULL,
    courtroom_id    TEXT NOT NULL REFERENCES courtrooms (id),
    sitting_date    TEXT COLLATE "C" NOT NULL,
    start_time      TEXT COLLATE "C" NOT NULL,
    session         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    -- JSON array of names.
    judiciary       TEXT NOT NULL,
    -- 'minutes' or 'cases'.
    capacity_unit   TEXT NOT NULL,
    capacity        BIGINT NOT NULL,
    pattern_id      TEXT REFERENCES sitting_patterns (id),
    created_by      TEXT NOT NULL REFERENCES users (id),
    created_at      TEXT NOT NULL,
    updated_by      TEXT REFERENCES users (id),
    updated_at      TEXT
);
CREATE INDEX sittings_court_date ON sittings (court_ou, sitting_date);
-- A room sits once per session a day (overlaps between sessions are refused by the domain).
CREATE UNIQUE INDEX sittings_room_date_session ON sittings (courtroom_id, sitting_date, session);

-- Where each hearing sits, written by the projection with the other hearing columns. Existing
-- databases: `assize rebuild` fills them (they stay empty until hearings are listed in sittings).
ALTER TABLE case_hearings ADD COLUMN sitting_id TEXT;
ALTER TABLE case_hearings ADD COLUMN start_time TEXT COLLATE "C";
ALTER TABLE case_hearings ADD COLUMN estimate_minutes BIGINT;
CREATE INDEX case_hearings_sitting ON case_hearings (sitting_id);
