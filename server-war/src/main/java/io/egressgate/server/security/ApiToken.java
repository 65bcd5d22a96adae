package io.egressgate.server.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.TableGenerator;

/** A stored token: its hash, never its secret. */
@Entity
@Table(name = "eg_token")
public class ApiToken {

    @Id
    @TableGenerator(name = "token_ids", table = "eg_id", pkColumnName = "name", valueColumnName = "next_value",
            pkColumnValue = "token", allocationSize = 10)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "token_ids")
    private Long id;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(name = "token_hash", nullable = false, updatable = false)
    private String tokenHash;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "revoked_at")
    private Long revokedAt;

    @Column(name = "last_used_at")
    private Long lastUsedAt;

    protected ApiToken() {
    }

    ApiToken(String name, Role role, String tokenHash, long createdAt, String createdBy) {
        this.name = name;
        this.role = role;
        this.tokenHash = tokenHash;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    public Long id() { return id; }
    public String name() { return name; }
    public Role role() { return role; }
    String tokenHash() { return tokenHash; }
    public long createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }
    public Long revokedAt() { return revokedAt; }
    public Long lastUsedAt() { return lastUsedAt; }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    void revoke(long at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }

    void usedAt(long at) {
        lastUsedAt = at;
    }
}
