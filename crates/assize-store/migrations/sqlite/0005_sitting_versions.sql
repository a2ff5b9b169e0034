-- Changing and cancelling sittings (sqlite dialect; keep in step with ../postgres/0005_sitting_versions.sql).
-- A sitting's version counts its changes: a change names the version its author read and is
-- refused if another change came first (no edit silently overwrites another). Existing rows
-- start at 1.
ALTER TABLE sittings ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- A cancelled sitting is kept (marked, with who cancelled it and when), not deleted: hearings
-- vacated or moved out of it still name it (case_hearings.sitting_id, and the hearing_listed /
-- hearing_moved events, which are never changed), and the access log refers to it.
ALTER TABLE sittings ADD COLUMN cancelled_by TEXT REFERENCES users (id);
ALTER TABLE sittings ADD COLUMN cancelled_at TEXT;
-- A room sits once per session a day among the sittings not cancelled: a cancelled sitting does
-- not stop the room being set up again for that session.
DROP INDEX sittings_room_date_session;
CREATE UNIQUE INDEX sittings_room_date_session ON sittings (courtroom_id, sitting_date, session)
    WHERE cancelled_at IS NULL;
