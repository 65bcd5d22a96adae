-- egress-gate schema, version 2: the domain resolver.
-- Every resolver tick removes the addresses whose grace period has ended; without this index that
-- is a scan of the whole address table once a second.
CREATE INDEX ix_address_expires ON eg_address (expires_at);
