package io.egressgate.server.console;

import io.egressgate.server.allowlist.History;
import io.egressgate.server.audit.AuditLog;
import io.egressgate.server.audit.AuditQuery;
import io.egressgate.server.entries.Entries;
import io.egressgate.server.entries.Entry;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * One entry: what it is, the addresses it currently gives (for a domain: first and last seen,
 * expiry in the grace period; for each, whether the resolver gave it or which gateway learned it), the revisions that changed its addresses, and its audit trail.
 */
@Named
@ViewScoped
public class EntryDetail implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int HISTORY = 50;
    private static final long TRAFFIC_WINDOW = 59 * 60_000L;

    @Inject
    Entries entries;

    @Inject
    AuditLog audit;

    @Inject
    History history;

    @Inject
    Access access;

    @Inject
    Texts texts;

    @Inject
    io.egressgate.server.gateways.FleetTraffic traffic;

    private Long id;
    private EntryRow entry;
    private List<AddressRow> addresses = List.of();
    private List<RevisionRow> revisions = List.of();
    private List<AuditRow> trail = List.of();
    private transient java.util.Map<Long, Long> bytesPerMinute;

    public record AddressRow(String cidr, long firstSeen, long lastSeen, Long expiresAt, String source, String gateway,
                             String name) {
        public String getCidr() { return cidr; }
        public long getFirstSeen() { return firstSeen; }
        public long getLastSeen() { return lastSeen; }
        public Long getExpiresAt() { return expiresAt; }
        public String getSource() { return source; }
        public String getGateway() { return gateway; }
        public String getName() { return name; }
        public boolean isLearned() { return Entries.Address.LEARNED.equals(source); }
    }

    public record RevisionRow(long revision, long at, String cause, String added, String removed) {
        public long getRevision() { return revision; }
        public long getAt() { return at; }
        public String getCause() { return cause; }
        public String getAdded() { return added; }
        public String getRemoved() { return removed; }
    }

    /** Runs before the page renders (a view action); an unknown id gets the entries list back. */
    public void load() throws IOException {
        Entry found = id == null ? null : entries.find(id).orElse(null);
        if (found == null) {
            FacesContext faces = FacesContext.getCurrentInstance();
            faces.getExternalContext().redirect(faces.getExternalContext().getRequestContextPath()
                    + "/console/entries.xhtml?missing=true");
            faces.responseComplete();
            return;
        }
        entry = new EntryRow(found, 0);
        addresses = entries.addressesOf(found.id()).stream()
                .map(a -> new AddressRow(a.cidr(), a.firstSeen(), a.lastSeen(), a.expiresAt(), a.source(), a.gateway(),
                        a.name())).toList();
        entry = new EntryRow(found, addresses.size());
        revisions = history.mentioning(found.value(), HISTORY).stream()
                .map(r -> new RevisionRow(r.revision(), r.createdAt(), r.cause(),
                        String.join(", ", r.added()), String.join(", ", r.removed())))
                .toList();
        trail = audit.search(AuditQuery.aboutSubject(found.kind() + " " + found.value()), false, 0, HISTORY)
                .stream().map(AuditRow::new).toList();
    }

    public String delete() {
        access.requireAdmin();
        Entry found = entries.find(id).orElse(null);
        if (found == null) {
            return "/console/entries.xhtml?faces-redirect=true";
        }
        if (found.locked()) {
            texts.error("delete.locked", found.value());
            return null;
        }
        try {
            entries.delete(found.id(), access.getUsername());
        } catch (Entries.LockedException e) {
            texts.error("delete.locked", found.value());
            return null;
        }
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        texts.info("delete.done", found.value());
        return "/console/entries.xhtml?faces-redirect=true";
    }

    /** Whether the gateways reported traffic to this entry's addresses in the last hour. */
    public boolean isHasTraffic() {
        return bytesPerMinute().values().stream().anyMatch(bytes -> bytes > 0);
    }

    /** Bytes per minute to this entry's addresses over the last hour, all gateways, as a bar chart. */
    public String getTrafficChart() {
        long now = System.currentTimeMillis();
        return BarChart.of(bytesPerMinute(), now - TRAFFIC_WINDOW, 60_000L, now, texts.text("entry.trafficBytes"),
                "#2f8f83");
    }

    private java.util.Map<Long, Long> bytesPerMinute() {
        if (bytesPerMinute == null) {
            bytesPerMinute = traffic.bytesPerMinute(addresses.stream().map(AddressRow::cidr).toList());
        }
        return bytesPerMinute;
    }

    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public EntryRow getEntry() { return entry; }
    public List<AddressRow> getAddresses() { return addresses; }
    public List<RevisionRow> getRevisions() { return revisions; }
    public List<AuditRow> getTrail() { return trail; }
}
