-- egress-gate schema, version 5: the names gateways allow (domains and *. wildcards) travel to them
-- in snapshots and deltas (gateway protocol version 2), so adding or deleting one is a revision of its
-- own even when no address changes. Portable SQL for H2 and MySQL/MariaDB.

-- Append-only log of changes to the names, beside eg_change: op 'A' added, 'R' removed. A name is
-- a DOMAIN entry's value or a WILDCARD entry's ('*.' and the base), so it fits eg_entry.entry_value.
CREATE TABLE eg_name_change (
    revision BIGINT       NOT NULL,
    name     VARCHAR(255) NOT NULL,
    op       CHAR(1)      NOT NULL,
    PRIMARY KEY (revision, name)
);

-- No gateway has been sent names yet, and a delta carries only the names changed since its start:
-- one new revision, with the log floor raised to it, gives every gateway a snapshot (with all names)
-- on its next hello. log_floor first: MySQL assigns left to right with the new values, H2 with the
-- old ones; in this order both give the same. No row when the schema is new (the state row is made
-- after the migrations).
UPDATE eg_allowlist_state SET log_floor = revision + 1, revision = revision + 1;
