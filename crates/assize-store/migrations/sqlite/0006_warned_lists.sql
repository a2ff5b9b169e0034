-- Warned lists of the Crown Court (SQLite dialect; keep in step with
-- ../postgres/0006_warned_lists.sql; conventions as 0001: TEXT YYYY-MM-DD dates).
-- A trial in a warned list may be called in on any day of a period instead of being fixed for a
-- firm date; the projection writes the period of each hearing (both NULL for a hearing fixed for
-- a date). Existing databases: `assize rebuild` fills them (until then no trial reads as warned,
-- which is also true: warned lists did not exist before).
ALTER TABLE case_hearings ADD COLUMN warned_from TEXT;
ALTER TABLE case_hearings ADD COLUMN warned_to TEXT;
-- The warned list of a court for a range: periods at the court overlapping the range.
CREATE INDEX case_hearings_court_warned ON case_hearings (court_ou, warned_from, warned_to);
