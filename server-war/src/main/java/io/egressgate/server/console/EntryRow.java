package io.egressgate.server.console;

import io.egressgate.names.DomainName;
import io.egressgate.names.WildcardName;
import io.egressgate.server.entries.Entry;
import io.egressgate.server.entries.EntryKind;
import java.io.Serializable;

/** One entry as a table row (a JavaBean, since Faces EL in Jakarta EE 10 does not read records). */
public final class EntryRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String value;
    private final String display;
    private final String kind;
    private final boolean locked;
    private final String note;
    private final String createdBy;
    private final long createdAt;
    private final long addresses;
    private final Long lastResolvedAt;
    private final String lastError;
    private final Long lastErrorAt;
    private final String suspendedReason;

    EntryRow(Entry entry, long addresses) {
        this.id = entry.id();
        this.value = entry.value();
        this.display = display(entry);
        this.kind = entry.kind().name();
        this.locked = entry.locked();
        this.note = entry.note();
        this.createdBy = entry.createdBy();
        this.createdAt = entry.createdAt();
        this.addresses = addresses;
        this.lastResolvedAt = entry.lastResolvedAt();
        this.lastError = entry.lastError();
        this.lastErrorAt = entry.lastErrorAt();
        this.suspendedReason = entry.suspendedReason();
    }

    /** A domain or wildcard in Unicode when it is an internationalised one, so people read what they typed. */
    private static String display(Entry entry) {
        if (!entry.kind().isName() || !entry.value().contains("xn--")) {
            return entry.value();
        }
        try {
            return entry.kind() == EntryKind.WILDCARD ? WildcardName.parse(entry.value()).unicode()
                    : DomainName.parse(entry.value()).unicode();
        } catch (IllegalArgumentException e) {
            return entry.value();
        }
    }

    public long getId() { return id; }
    public String getValue() { return value; }
    public String getDisplay() { return display; }
    public boolean isInternational() { return !display.equals(value); }
    public String getKind() { return kind; }
    public boolean isDomain() { return "DOMAIN".equals(kind); }
    public boolean isWildcard() { return "WILDCARD".equals(kind); }
    public boolean isLocked() { return locked; }
    public String getNote() { return note; }
    public String getCreatedBy() { return createdBy; }
    public long getCreatedAt() { return createdAt; }
    public long getAddresses() { return addresses; }
    public Long getLastResolvedAt() { return lastResolvedAt; }
    public String getLastError() { return lastError; }
    public Long getLastErrorAt() { return lastErrorAt; }
    public boolean isSuspended() { return suspendedReason != null; }
    public String getSuspendedReason() { return suspendedReason; }
}
