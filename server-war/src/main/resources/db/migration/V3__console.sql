-- egress-gate schema, version 3: the console's own users, and which channel an audited change came
-- through. Portable SQL for H2 and MySQL/MariaDB; times are epoch milliseconds.

INSERT INTO eg_id (name, next_value) VALUES ('console_user', 0);

-- password_hash is Jakarta Security's PBKDF2 format, algorithm:iterations:salt:hash, so the
-- parameters can be raised later without invalidating stored passwords.
CREATE TABLE eg_console_user (
    id                  BIGINT       NOT NULL PRIMARY KEY,
    username            VARCHAR(64)  NOT NULL,
    role                VARCHAR(16)  NOT NULL,
    password_hash       VARCHAR(512) NOT NULL,
    created_at          BIGINT       NOT NULL,
    created_by          VARCHAR(100) NOT NULL,
    password_changed_at BIGINT       NOT NULL,
    last_sign_in_at     BIGINT,
    CONSTRAINT uq_console_user UNIQUE (username)
);

-- 'api', 'console' or 'server'; NULL for rows written before version 3.
ALTER TABLE eg_audit ADD COLUMN via VARCHAR(16);
CREATE INDEX ix_audit_action ON eg_audit (action);
