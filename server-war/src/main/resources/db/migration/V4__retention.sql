-- The newest revision whose changes were pruned (change_log_retention): a gateway at an older
-- revision gets a snapshot, since the changes it would need are gone.
ALTER TABLE eg_allowlist_state ADD COLUMN log_floor BIGINT NOT NULL DEFAULT 0;
