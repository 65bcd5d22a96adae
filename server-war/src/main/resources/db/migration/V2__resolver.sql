-- egress-gate schema, version 2: the domain resolver.
-- Every resolver tick removes the addresses whose grace period has ended; without this index that
-- is a scan of the whole address table once a second.
CREATE INDEX ix_address_expires ON eg_address (expires_at);

-- No new columns. How the resolver uses eg_address.last_seen: for a domain's address still given
-- (expires_at IS NULL) it is when the row was created or renewed; the domain's later answers move
-- only eg_entry.last_resolved_at, and the later of the two is when the address was last seen —
-- one row write per domain per answer instead of one per address. When an address is retired,
-- last_seen is set to that time and expires_at to last_seen + grace_period.
