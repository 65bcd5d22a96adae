package io.egressgate.server.health;

import io.egressgate.server.allowlist.Allowlist;
import io.egressgate.server.entries.Entries;
import io.egressgate.server.entries.EntryKind;
import io.egressgate.server.gateways.GatewayHub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Gauges read at scrape time: entries by kind, effective-set size, revision, connected gateways,
 * and each gateway's lag behind the newest revision and whether it runs in report mode.
 */
@ApplicationScoped
public class ServerMetrics {

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    Entries entries;

    @Inject
    Allowlist allowlist;

    @Inject
    GatewayHub hub;

    private final Set<String> gatewaysWithLagGauge = ConcurrentHashMap.newKeySet();

    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        for (EntryKind kind : EntryKind.values()) {
            registry.gauge("egressgate_entries", this, self -> self.entries.countByKind().get(kind),
                    new Tag("kind", kind.name()));
        }
        registry.gauge("egressgate_allowlist_size", this, self -> self.allowlist.size());
        registry.gauge("egressgate_revision", this, self -> self.allowlist.current().revision());
        registry.gauge("egressgate_gateways_connected", this, self -> self.connectedGateways());
    }

    /** Also registers a lag gauge for every gateway seen connected since the server started. */
    private long connectedGateways() {
        var live = hub.live();
        live.forEach(g -> {
            if (gatewaysWithLagGauge.add(g.gatewayId())) {
                registry.gauge("egressgate_gateway_revision_lag", this, self -> self.lag(g.gatewayId()),
                        new Tag("gateway", g.gatewayId()), new Tag("hostname", g.hostname()));
                registry.gauge("egress_gate_gateway_report_mode", this, self -> self.reporting(g.gatewayId()),
                        new Tag("gateway", g.gatewayId()), new Tag("hostname", g.hostname()));
            }
        });
        return live.size();
    }

    /** 1 while the gateway is connected in report mode (forwarding what enforce would deny), 0 enforcing, -1 gone. */
    private long reporting(String gatewayId) {
        return hub.live().stream().filter(g -> g.gatewayId().equals(gatewayId)).findFirst()
                .map(g -> g.reporting() ? 1L : 0L).orElse(-1L);
    }

    private long lag(String gatewayId) {
        long current = allowlist.current().revision();
        return hub.live().stream().filter(g -> g.gatewayId().equals(gatewayId)).findFirst()
                .map(g -> g.ackedRevision() == null ? current : Math.max(0, current - g.ackedRevision()))
                .orElse(-1L);
    }

}
