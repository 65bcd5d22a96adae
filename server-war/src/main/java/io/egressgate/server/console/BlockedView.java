package io.egressgate.server.console;

import io.egressgate.server.denied.BlockedDestination;
import io.egressgate.server.denied.DeniedFilter;
import io.egressgate.server.denied.DeniedStore;
import io.egressgate.server.denied.DeniedTotal;
import io.egressgate.server.denied.HostAddress;
import io.egressgate.server.entries.NewEntries;
import io.egressgate.server.gateways.Fleet;
import io.egressgate.server.gateways.GatewayRow;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Blocked page: the destinations gateways denied (or would have, in report mode) over a
 * window, most attempts first, with the clients that tried, the attempts over time, and for admins
 * an Allow that adds the destination to the allowlist as any added entry is (validated, audited):
 * the name the clients asked for when a gateway's forwarder saw it, else the address.
 */
@Named
@ViewScoped
public class BlockedView implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int DESTINATIONS_SHOWN = 100;
    static final int SOURCES_SHOWN = 50;
    static final String NOTE = "allowed from the Blocked page";
    /** The windows the page offers, and the period of one bar in each. */
    private static final Map<String, Long> PERIODS = Map.of("1h", 60_000L, "24h", 3_600_000L, "7d", 21_600_000L,
            "30d", 86_400_000L);

    @Inject
    DeniedStore store;

    @Inject
    Fleet fleet;

    @Inject
    NewEntries newEntries;

    @Inject
    Access access;

    @Inject
    Texts texts;

    @Inject
    Refusals refusals;

    private String window = "24h";
    private String gateway;
    private String text;
    private transient List<BlockedDestination> rows;
    private transient Map<String, List<DeniedTotal>> sources;

    public List<BlockedDestination> getRows() {
        if (rows == null) {
            rows = store.destinations(filter().withLimit(DESTINATIONS_SHOWN));
        }
        return rows;
    }

    /** The clients that tried one destination, most attempts first. */
    public List<DeniedTotal> sources(String destination) {
        if (sources == null) {
            sources = new HashMap<>();
        }
        return sources.computeIfAbsent(destination,
                d -> store.totals(filter().withDestination(HostAddress.parse(d)).withLimit(SOURCES_SHOWN)));
    }

    /** The attempts over the window, as a bar chart. */
    public String getChart() {
        long now = System.currentTimeMillis();
        DeniedFilter filter = filter();
        long period = PERIODS.get(window);
        return BarChart.of(store.timeline(filter, period), filter.since(), period, now, texts.text("blocked.attempts"),
                "#d9534f");
    }

    public long getTotal() {
        return getRows().stream().mapToLong(BlockedDestination::count).sum();
    }

    /** The filters changed: read again. */
    public void apply() {
        rows = null;
        sources = null;
    }

    /** Adds the destination's name, or its address, to the allowlist; admins only. */
    public void allow(String value) {
        access.requireAdmin();
        NewEntries.Outcome outcome = newEntries.add(List.of(value), false, NOTE, access.getUsername());
        if (!outcome.stored()) {
            texts.error("blocked.allowRefused", value, refusals.inLanguage(outcome.refusals().get(0).message()));
            return;
        }
        NewEntries.Item item = outcome.items().get(0);
        texts.info(item.created() ? "blocked.allowed" : "blocked.alreadyAllowed", item.value());
    }

    public List<String> getGateways() {
        return fleet.gateways().stream().map(GatewayRow::getHostname).distinct().sorted().toList();
    }

    public List<String> getWindows() {
        return List.of("1h", "24h", "7d", "30d");
    }

    /** The page's filters; one that cannot be read (a hand-made request) is dropped with a message. */
    private DeniedFilter filter() {
        long now = System.currentTimeMillis();
        try {
            return DeniedFilter.parse(window, null, null, text, gateway, Integer.toString(DESTINATIONS_SHOWN), now);
        } catch (IllegalArgumentException e) {
            texts.error("blocked.badFilter", e.getMessage());
            text = null;
            gateway = null;
            return DeniedFilter.parse(window, null, null, null, null, Integer.toString(DESTINATIONS_SHOWN), now);
        }
    }

    public String getWindow() { return window; }
    public void setWindow(String window) { this.window = PERIODS.containsKey(window) ? window : "24h"; }
    public String getGateway() { return gateway; }
    public void setGateway(String gateway) { this.gateway = gateway; }
    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
}
