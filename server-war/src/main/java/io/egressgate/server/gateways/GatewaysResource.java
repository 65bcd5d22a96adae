package io.egressgate.server.gateways;

import io.egressgate.server.api.JsonView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("gateways")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class GatewaysResource {

    @Inject
    Fleet fleet;

    @GET
    @Operation(operationId = "listGateways",
            summary = "Every gateway seen: connected or not, applied revision, lag behind the server")
    public JsonArray list() {
        JsonArrayBuilder list = JsonView.array();
        // by host name, as this list has always been (the console puts connected ones first)
        for (GatewayRow g : fleet.gateways().stream().sorted(java.util.Comparator.comparing(GatewayRow::getHostname)
                .thenComparing(GatewayRow::getGatewayId)).toList()) {
            list.add(JsonView.object()
                    .put("id", g.getGatewayId())
                    .put("hostname", g.getHostname())
                    .put("version", g.getVersion())
                    .put("mode", g.getMode())
                    .put("connected", g.isConnected())
                    .put("appliedRevision", g.getAppliedRevision())
                    .put("lag", g.getLag())
                    .time("lastSeen", g.getLastSeen())
                    .time("lastAck", g.getLastAck())
                    .put("lastApplyMs", g.getLastApplyMs())
                    .put("skipped", (long) g.getSkipped())
                    .build());
        }
        return list.build();
    }
}
