package io.egressgate.server.gateways;

import io.egressgate.server.allowlist.Allowlist;
import io.egressgate.server.allowlist.Version;
import io.egressgate.server.api.JsonView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("gateways")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class GatewaysResource {

    @Inject
    GatewayRegistry registry;

    @Inject
    GatewayHub hub;

    @Inject
    Allowlist allowlist;

    @GET
    @Operation(summary = "Every gateway seen: connected or not, applied revision, lag behind the server")
    public JsonArray list() {
        Version current = allowlist.current();
        Map<String, GatewayHub.LiveGateway> live = hub.live().stream()
                .collect(Collectors.toMap(GatewayHub.LiveGateway::gatewayId, Function.identity(), (a, b) -> b));
        JsonArrayBuilder list = JsonView.array();
        long now = System.currentTimeMillis();
        for (GatewayRecord g : registry.all()) {
            GatewayHub.LiveGateway connection = live.get(g.gatewayId());
            Long lag = current.epoch().equals(g.appliedEpoch()) && g.appliedRevision() != null
                    ? current.revision() - g.appliedRevision() : null;
            list.add(JsonView.object()
                    .put("id", g.gatewayId())
                    .put("hostname", g.hostname())
                    .put("version", g.version())
                    .put("connected", connection != null)
                    .put("appliedRevision", g.appliedRevision())
                    .put("lag", lag)
                    .time("lastSeen", connection != null ? now : g.lastSeen())
                    .time("lastAck", g.lastAckAt())
                    .put("lastApplyMs", g.lastApplyMs())
                    .put("skipped", (long) g.skipped())
                    .build());
        }
        return list.build();
    }
}
