-- egress-gate schema, version 7: blocked traffic (gateway protocol version 4). Gateways report the new
-- connections they denied, or would have denied in report mode, aggregated per minute; the server keeps
-- one row per gateway, minute, client, destination, protocol, port and mode, and adds to it when the
-- same attempt is reported again (an upsert: MERGE on H2, ON DUPLICATE KEY UPDATE on MySQL/MariaDB).
-- Pruned after denied_retention. Portable SQL for H2 and MySQL/MariaDB.
CREATE TABLE eg_denied (
    -- as eg_gateway.gateway_id; the server's registered id of the connection, never a frame's word
    gateway_id  VARCHAR(100) NOT NULL,
    -- the start of the minute (epoch milliseconds, server clock) the attempts fell in
    minute_at   BIGINT       NOT NULL,
    src_address VARCHAR(45)  NOT NULL,
    dst_address VARCHAR(45)  NOT NULL,
    protocol    VARCHAR(16)  NOT NULL,
    dst_port    INT          NOT NULL,
    -- true: the gateway ran in report mode and let the connection through
    would_deny  BOOLEAN      NOT NULL,
    -- the name the client last resolved to the destination through the gateway's forwarder, if known
    name        VARCHAR(253),
    attempts    BIGINT       NOT NULL,
    first_seen  BIGINT       NOT NULL,
    last_seen   BIGINT       NOT NULL,
    PRIMARY KEY (gateway_id, minute_at, src_address, dst_address, protocol, dst_port, would_deny)
);
-- the API and the console read a time window; retention deletes the oldest minutes
CREATE INDEX ix_denied_minute ON eg_denied (minute_at);
CREATE INDEX ix_denied_destination ON eg_denied (dst_address, minute_at);

-- What the gateway said it runs as in its last hello: 'enforce' or 'report'; NULL before protocol 4.
ALTER TABLE eg_gateway ADD COLUMN run_mode VARCHAR(10);
