-- Fewer and shorter index keys on notices (issue 6; keep in step with ../postgres/0012). The
-- reasons are in the other dialect's file. SQLite cannot drop the index of a column's UNIQUE
-- constraint without rebuilding the table, so `notice_key` keeps its own here; the unique
-- (series, case_version) index replaces `notices_series` all the same, so both dialects refuse
-- a second notice of one series and version by the same index.
DROP INDEX notices_series;
CREATE UNIQUE INDEX notices_series_version ON notices (series, case_version);
DROP INDEX notices_case;
CREATE INDEX notices_case ON notices (case_id);
