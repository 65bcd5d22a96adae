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

/** A person who signs in to the console; the password is kept only as a slow salted hash. */
@Entity
@Table(name = "eg_console_user")
public class ConsoleUser {

    @Id
    @TableGenerator(name = "console_user_ids", table = "eg_id", pkColumnName = "name", valueColumnName = "next_value",
            pkColumnValue = "console_user", allocationSize = 10)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "console_user_ids")
    private Long id;

    @Column(nullable = false, updatable = false)
    private String username;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    private long createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "password_changed_at", nullable = false)
    private long passwordChangedAt;

    @Column(name = "last_sign_in_at")
    private Long lastSignInAt;

    protected ConsoleUser() {
    }

    ConsoleUser(String username, Role role, String passwordHash, long now, String createdBy) {
        this.username = username;
        this.role = role;
        this.passwordHash = passwordHash;
        this.createdAt = now;
        this.createdBy = createdBy;
        this.passwordChangedAt = now;
    }

    public Long id() { return id; }
    public String username() { return username; }
    public Role role() { return role; }
    String passwordHash() { return passwordHash; }
    public long createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }
    public long passwordChangedAt() { return passwordChangedAt; }
    public Long lastSignInAt() { return lastSignInAt; }

    void becomeAdmin() {
        role = Role.ADMIN;
    }

    void newPassword(String hash, long now) {
        passwordHash = hash;
        passwordChangedAt = now;
    }

    void signedIn(long now) {
        lastSignInAt = now;
    }
}
