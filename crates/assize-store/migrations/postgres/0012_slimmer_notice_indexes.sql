-- Fewer and shorter index keys on notices (issue 6; keep in step with the other dialect's 0012).
-- Recording a hearing's results writes about six notices (one per agency told), and each is
-- written twice more in its life (numbered, then delivered); on PostgreSQL each of those writes
-- adds an entry to every index of the table. The notices' INSERT and the numbering's UPDATE were
-- the two costliest statements of recording results (docs/performance.md, fifth session).
--
-- * `notice_key` is always `<series>/v<case_version>` (the domain builds it so), so its unique
--   index (150-character keys) said what a unique index on (series, case_version) says; that
--   index replaces both it and `notices_series`, which the amendment lookup reads.
-- * `notices_case` held (case, defendant, hearing), 108 characters of ids; the readers (a case's
--   notices, and a defendant's at one hearing for the reconciliation report) all name the case,
--   whose notices are few, so the case id alone serves them.
ALTER TABLE notices DROP CONSTRAINT notices_notice_key_key;
DROP INDEX notices_series;
CREATE UNIQUE INDEX notices_series_version ON notices (series, case_version);
DROP INDEX notices_case;
CREATE INDEX notices_case ON notices (case_id);
