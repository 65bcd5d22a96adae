package io.egressgate.server.gateways;

import io.egressgate.server.allowlist.Allowlist;
import io.egressgate.server.allowlist.Version;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every gateway ever seen, joined with the live connections of every instance and the current revision. */
@ApplicationScoped
public class Fleet {

    @Inject
    GatewayRegistry registry;

    @Inject
    FleetPresence presence;

    @Inject
    Allowlist allowlist;

    /** Connected gateways first, then by host name. */
    public List<GatewayRow> gateways() {
        Version current = allowlist.current();
        Map<String, GatewayHub.LiveGateway> live = presence.connected().stream()
                .collect(Collectors.toMap(GatewayHub.LiveGateway::gatewayId, Function.identity(), (a, b) -> b));
        long now = System.currentTimeMillis();
        return registry.all().stream().map(g -> new GatewayRow(g, live.get(g.gatewayId()), current, now))
                .sorted(Comparator.comparing(GatewayRow::isConnected).reversed()
                        .thenComparing(GatewayRow::getHostname).thenComparing(GatewayRow::getGatewayId))
                .toList();
    }
}
