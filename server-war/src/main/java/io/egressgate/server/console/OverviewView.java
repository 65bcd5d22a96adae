package io.egressgate.server.console;

import io.egressgate.server.gateways.Fleet;
import io.egressgate.server.gateways.GatewayRow;
import io.egressgate.server.allowlist.Allowlist;
import io.egressgate.server.allowlist.Version;
import io.egressgate.server.audit.AuditLog;
import io.egressgate.server.denied.DeniedFilter;
import io.egressgate.server.denied.DeniedStore;
import io.egressgate.server.entries.Entries;
import io.egressgate.server.entries.EntryKind;
import io.egressgate.server.entries.EntrySearch;
import io.egressgate.server.gateways.FleetTraffic;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;

/** The overview: the allowlist's size and revision, the fleet, the resolver, top traffic, recent changes. */
@Named
@RequestScoped
public class OverviewView {

    private static final int TOP_DESTINATIONS = 8;
    private static final int FAILING_SHOWN = 5;
    private static final int RECENT_CHANGES = 6;
    private static final int GATEWAYS_SHOWN = 6;

    @Inject
    Entries entries;

    @Inject
    EntrySearch search;

    @Inject
    Allowlist allowlist;

    @Inject
    Fleet fleet;

    @Inject
    FleetTraffic traffic;

    @Inject
    AuditLog audit;

    @Inject
    DeniedStore denied;

    @Inject
    Texts texts;

    private Map<EntryKind, Long> counts;
    private Version version;
    private Long effective;
    private List<GatewayRow> gateways;
    private List<Destination> destinations;
    private Map<Long, Long> blocked;
    private long blockedSince;
    private static final long HOUR = 3_600_000L;

    /** A traffic bar: the destination, its bytes, and its share of the largest bar (0-100). */
    public record Destination(String cidr, long bytes, int percent) {
        public String getCidr() { return cidr; }
        public long getBytes() { return bytes; }
        public int getPercent() { return percent; }
    }

    public long getTotal() {
        return counts().values().stream().mapToLong(Long::longValue).sum();
    }

    public long getDomains() { return counts().get(EntryKind.DOMAIN); }
    public long getWildcards() { return counts().get(EntryKind.WILDCARD); }
    public long getIps() { return counts().get(EntryKind.IP); }
    public long getCidrs() { return counts().get(EntryKind.CIDR); }

    public long getEffective() {
        if (effective == null) {
            effective = allowlist.size();
        }
        return effective;
    }

    public long getRevision() { return version().revision(); }
    public String getEpoch() { return version().epoch(); }

    public long getGatewaysKnown() { return gateways().size(); }
    public long getGatewaysConnected() { return gateways().stream().filter(GatewayRow::isConnected).count(); }
    public long getGatewaysBehind() {
        return gateways().stream().filter(g -> g.isConnected() && !g.isInSync()).count();
    }
    public long getMaxLag() {
        return gateways().stream().filter(GatewayRow::isConnected).map(GatewayRow::getLag)
                .filter(java.util.Objects::nonNull).mapToLong(Long::longValue).max().orElse(0);
    }
    public long getGatewaysReporting() {
        return gateways().stream().filter(g -> g.isConnected() && g.isReporting()).count();
    }
    public List<GatewayRow> getGateways() { return gateways(); }
    public List<GatewayRow> getGatewaysShown() { return gateways().stream().limit(GATEWAYS_SHOWN).toList(); }

    public Long getLastResolvedAt() { return search.lastResolvedAt(); }
    public long getFailingCount() { return search.failingCount(); }
    public List<EntryRow> getFailing() {
        return search.failing(FAILING_SHOWN).stream().map(e -> new EntryRow(e, 0)).toList();
    }

    public List<Destination> getDestinations() {
        if (destinations == null) {
            List<Map.Entry<String, Long>> top = traffic.topByBytes(TOP_DESTINATIONS);
            long largest = top.stream().mapToLong(Map.Entry::getValue).max().orElse(0);
            destinations = top.stream().map(e -> new Destination(e.getKey(), e.getValue(),
                    largest == 0 ? 0 : (int) Math.max(1, Math.round(100.0 * e.getValue() / largest)))).toList();
        }
        return destinations;
    }

    /** Denied and would-deny attempts of the last 24 hours, all gateways. */
    public long getBlockedTotal() {
        return blocked().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The same per hour, as a bar chart. */
    public String getBlockedChart() {
        return BarChart.of(blocked(), blockedSince, HOUR, System.currentTimeMillis(), texts.text("blocked.attempts"),
                "#d9534f");
    }

    private Map<Long, Long> blocked() {
        if (blocked == null) {
            DeniedFilter lastDay = DeniedFilter.parse("24h", null, null, null, null, null, System.currentTimeMillis());
            blockedSince = lastDay.since();
            blocked = denied.timeline(lastDay, HOUR);
        }
        return blocked;
    }

    public List<AuditRow> getRecent() {
        return audit.newest(RECENT_CHANGES).stream().map(AuditRow::new).toList();
    }

    private Map<EntryKind, Long> counts() {
        if (counts == null) {
            counts = entries.countByKind();
        }
        return counts;
    }

    private Version version() {
        if (version == null) {
            version = allowlist.current();
        }
        return version;
    }

    private List<GatewayRow> gateways() {
        if (gateways == null) {
            gateways = fleet.gateways();
        }
        return gateways;
    }
}
