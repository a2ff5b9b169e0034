-- Running custody time limits, one row per offence whose clock is running, so that the court's
-- work lists ("CTLs expiring within 14 days") and the listing workload views read an index
-- instead of every case's state. Written with the other read models in the append transaction.
-- Existing databases: run `assize rebuild` once after upgrading to fill it for earlier cases.
CREATE TABLE case_custody_time_limits (
    case_id       TEXT NOT NULL,
    defendant_id  TEXT NOT NULL,
    offence_id    TEXT NOT NULL,
    expiry_date   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (case_id, offence_id)
);
CREATE INDEX case_custody_time_limits_expiry ON case_custody_time_limits (expiry_date);
