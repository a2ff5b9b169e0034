-- Drafts of the hearing resulting form, SQLite dialect. Keep in step with
-- ../postgres/0002_result_drafts.sql (same conventions as 0001: TEXT uuids, TEXT RFC 3339 UTC
-- timestamps with nine fractional digits, INTEGER integers).
-- One draft per person and hearing: what they typed (the form's raw fields as JSON text, never
-- parsed into domain types, so nothing typed is lost whatever its validity) and the case version
-- the form was based on. A draft is working data, not the record: it is replaced on every save
-- and deleted when the results are shared.

CREATE TABLE result_drafts (
    user_id       TEXT NOT NULL REFERENCES users (id),
    hearing_id    TEXT NOT NULL,
    case_id       TEXT NOT NULL,
    fields        TEXT NOT NULL,
    case_version  INTEGER NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (user_id, hearing_id)
);
CREATE INDEX result_drafts_case ON result_drafts (case_id);
