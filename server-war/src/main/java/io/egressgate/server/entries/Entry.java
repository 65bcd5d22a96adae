package io.egressgate.server.entries;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.TableGenerator;

@Entity
@Table(name = "eg_entry")
public class Entry {

    @Id
    @TableGenerator(name = "entry_ids", table = "eg_id", pkColumnName = "name", valueColumnName = "next_value",
            pkColumnValue = "entry", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "entry_ids")
    private Long id;

    @Column(name = "entry_value", nullable = false, updatable = false)
    private String value;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private EntryKind kind;

    /** Once true, never false again: no setter exists to unlock. */
    @Column(nullable = false)
    private boolean locked;

    private String note;

    @Column(name = "created_at", nullable = false, updatable = false)
    private long createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "last_resolved_at")
    private Long lastResolvedAt;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "last_error_at")
    private Long lastErrorAt;

    /** Why the current policy refuses this IP or CIDR (then none of its addresses is published); null when in force. */
    @Column(name = "suspended_reason")
    private String suspendedReason;

    protected Entry() {
    }

    Entry(EntryValue value, boolean locked, String note, long createdAt, String createdBy) {
        this.value = value.canonical();
        this.kind = value.kind();
        this.locked = locked;
        this.note = note;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    public Long id() { return id; }
    public String value() { return value; }
    public EntryKind kind() { return kind; }
    public boolean locked() { return locked; }
    public String note() { return note; }
    public long createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }
    public Long lastResolvedAt() { return lastResolvedAt; }
    public String lastError() { return lastError; }
    public Long lastErrorAt() { return lastErrorAt; }
    public String suspendedReason() { return suspendedReason; }
    public boolean suspended() { return suspendedReason != null; }

    void suspend(String reason) {
        suspendedReason = reason.length() > 500 ? reason.substring(0, 500) : reason;
    }

    void resume() {
        suspendedReason = null;
    }

    public void resolved(long at) {
        lastResolvedAt = at;
        lastError = null;
    }

    public void failedToResolve(long at, String error) {
        lastErrorAt = at;
        lastError = error.length() > 500 ? error.substring(0, 500) : error;
    }
}
