-- egress-gate schema, version 6: learned addresses (gateway protocol version 3). A gateway's DNS
-- forwarder reports the addresses it let through for an allowed name; the server keeps each under
-- the entry that allows the name, for the gateway that reported it, until it expires, and publishes
-- it to every gateway. Portable SQL for H2 and MySQL/MariaDB.
--
-- A table of its own rather than columns on eg_address: eg_address is keyed (cidr, entry_id) and the
-- resolver's statements (renew sets expires_at NULL, drop deletes) address rows by that key, so a
-- learned row there would be renewed for ever or dropped by the resolver, and the same address could
-- not be resolved by the server and learned by two gateways at once, each with its own expiry. The
-- effective set is DISTINCT cidr over both tables.
CREATE TABLE eg_learned_address (
    cidr       VARCHAR(50)  NOT NULL,
    entry_id   BIGINT       NOT NULL,
    -- as eg_gateway.gateway_id; the server's registered id of the connection, never a frame's word
    gateway_id VARCHAR(100) NOT NULL,
    -- the name the gateway answered (under a wildcard entry, which one)
    name       VARCHAR(255) NOT NULL,
    first_seen BIGINT       NOT NULL,
    last_seen  BIGINT       NOT NULL,
    expires_at BIGINT       NOT NULL,
    PRIMARY KEY (cidr, entry_id, gateway_id),
    CONSTRAINT fk_learned_entry FOREIGN KEY (entry_id) REFERENCES eg_entry (id) ON DELETE CASCADE
);
CREATE INDEX ix_learned_entry ON eg_learned_address (entry_id);
-- the expiry job asks for the soonest expiry every second
CREATE INDEX ix_learned_expires ON eg_learned_address (expires_at);
-- the per-gateway bound counts a gateway's rows on every frame
CREATE INDEX ix_learned_gateway ON eg_learned_address (gateway_id);
