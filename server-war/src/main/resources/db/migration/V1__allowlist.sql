-- egress-gate schema, version 1. Portable SQL: the same file runs on H2 and on MySQL/MariaDB.
-- Times are epoch milliseconds (BIGINT): no time-zone conversions between JVM, driver and server.

CREATE TABLE eg_id (
    name       VARCHAR(32) NOT NULL PRIMARY KEY,
    next_value BIGINT      NOT NULL
);
INSERT INTO eg_id (name, next_value) VALUES ('entry', 0);
INSERT INTO eg_id (name, next_value) VALUES ('token', 0);
INSERT INTO eg_id (name, next_value) VALUES ('audit', 0);

-- One row: the epoch (made once, by the server on first start) and the newest revision.
CREATE TABLE eg_allowlist_state (
    id       INT         NOT NULL PRIMARY KEY,
    epoch    VARCHAR(36) NOT NULL,
    revision BIGINT      NOT NULL
);

CREATE TABLE eg_entry (
    id               BIGINT        NOT NULL PRIMARY KEY,
    entry_value      VARCHAR(255)  NOT NULL,
    kind             VARCHAR(8)    NOT NULL,
    locked           BOOLEAN       NOT NULL,
    note             VARCHAR(1000),
    created_at       BIGINT        NOT NULL,
    created_by       VARCHAR(100)  NOT NULL,
    last_resolved_at BIGINT,
    last_error       VARCHAR(500),
    last_error_at    BIGINT,
    CONSTRAINT uq_entry_value UNIQUE (entry_value)
);
CREATE INDEX ix_entry_kind ON eg_entry (kind);

-- Which entry puts which address on the allowlist. The effective set is DISTINCT cidr.
-- expires_at is set for addresses that a domain no longer returns (grace period).
CREATE TABLE eg_address (
    cidr       VARCHAR(50) NOT NULL,
    entry_id   BIGINT      NOT NULL,
    first_seen BIGINT      NOT NULL,
    last_seen  BIGINT      NOT NULL,
    expires_at BIGINT,
    PRIMARY KEY (cidr, entry_id),
    CONSTRAINT fk_address_entry FOREIGN KEY (entry_id) REFERENCES eg_entry (id) ON DELETE CASCADE
);
CREATE INDEX ix_address_entry ON eg_address (entry_id);

-- Append-only log of changes to the effective set; op 'A' added, 'R' removed.
CREATE TABLE eg_change (
    revision BIGINT      NOT NULL,
    cidr     VARCHAR(50) NOT NULL,
    op       CHAR(1)     NOT NULL,
    PRIMARY KEY (revision, cidr)
);
CREATE TABLE eg_revision (
    revision   BIGINT       NOT NULL PRIMARY KEY,
    created_at BIGINT       NOT NULL,
    cause      VARCHAR(200) NOT NULL
);

CREATE TABLE eg_token (
    id           BIGINT       NOT NULL PRIMARY KEY,
    name         VARCHAR(100) NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    token_hash   CHAR(64)     NOT NULL,
    created_at   BIGINT       NOT NULL,
    created_by   VARCHAR(100) NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT,
    CONSTRAINT uq_token_hash UNIQUE (token_hash)
);

CREATE TABLE eg_gateway (
    gateway_id       VARCHAR(100) NOT NULL PRIMARY KEY,
    hostname         VARCHAR(255) NOT NULL,
    version          VARCHAR(50),
    token_id         BIGINT,
    applied_epoch    VARCHAR(36),
    applied_revision BIGINT,
    first_seen       BIGINT       NOT NULL,
    last_seen        BIGINT       NOT NULL,
    last_ack_at      BIGINT,
    last_apply_ms    BIGINT,
    skipped          INT          NOT NULL
);

CREATE TABLE eg_audit (
    id      BIGINT        NOT NULL PRIMARY KEY,
    at      BIGINT        NOT NULL,
    actor   VARCHAR(100)  NOT NULL,
    action  VARCHAR(32)   NOT NULL,
    subject VARCHAR(255)  NOT NULL,
    detail  VARCHAR(1000)
);
CREATE INDEX ix_audit_at ON eg_audit (at);
