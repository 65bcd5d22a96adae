package io.egressgate.server.console;

import io.egressgate.server.audit.AuditEntry;
import java.io.Serializable;

/** One audit record as a table row. */
public final class AuditRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final long at;
    private final String actor;
    private final String action;
    private final String subject;
    private final String detail;
    private final String via;

    AuditRow(AuditEntry entry) {
        this.id = entry.id();
        this.at = entry.at();
        this.actor = entry.actor();
        this.action = entry.action();
        this.subject = entry.subject();
        this.detail = entry.detail();
        this.via = entry.via();
    }

    public long getId() { return id; }
    public long getAt() { return at; }
    public String getActor() { return actor; }
    public String getAction() { return action; }
    public String getSubject() { return subject; }
    public String getDetail() { return detail; }
    public String getVia() { return via; }
}
