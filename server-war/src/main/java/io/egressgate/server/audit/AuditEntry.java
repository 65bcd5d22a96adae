package io.egressgate.server.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.TableGenerator;

@Entity
@Table(name = "eg_audit")
public class AuditEntry {

    @Id
    @TableGenerator(name = "audit_ids", table = "eg_id", pkColumnName = "name", valueColumnName = "next_value",
            pkColumnValue = "audit", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "audit_ids")
    private Long id;

    @Column(nullable = false)
    private long at;

    @Column(nullable = false)
    private String actor;

    @Column(nullable = false)
    private String action;

    @Column(nullable = false)
    private String subject;

    private String detail;

    /** The channel the change came through: api, console or server; null before schema version 3. */
    private String via;

    protected AuditEntry() {
    }

    AuditEntry(long at, String actor, String action, String subject, String detail, String via) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.subject = subject;
        this.detail = detail;
        this.via = via;
    }

    public Long id() { return id; }
    public long at() { return at; }
    public String actor() { return actor; }
    public String action() { return action; }
    public String subject() { return subject; }
    public String detail() { return detail; }
    public String via() { return via; }
}
