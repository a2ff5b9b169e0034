-- Digests of each case's child read-model rows as last written (issue 6; keep in step with the
-- other dialect's 0010): one 64-bit SHA-256 prefix per child table, comma-separated, in the
-- store's order (defendants, name tokens, hearings, courts, organisations, custody time limits).
-- An append rewrites only the tables whose rows hash differently, where it used to delete and
-- re-insert all six on every change. Rows written before this migration have none and are
-- rewritten in full on their next change.
ALTER TABLE case_summary ADD COLUMN children_digest TEXT;
