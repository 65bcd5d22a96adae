package io.egressgate.server.denied;

import io.egressgate.server.api.JsonView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("denied")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DeniedResource {

    @Inject
    DeniedStore store;

    @GET
    @Operation(operationId = "listDenied",
            summary = "Connections gateways denied (or would have denied in report mode), per client, destination"
                    + " port and gateway, most attempts first",
            description = "Summed over the minutes since `since`. `gateway` is the hostname the gateway registered"
                    + " (its id matches too); `name` is what the client resolved the destination to through the"
                    + " gateway's DNS forwarder, null when unknown.")
    @APIResponse(responseCode = "200", description = "the attempts, at most `limit` rows")
    @APIResponse(responseCode = "400", description = "a filter that is not a time, an address, a gateway or a limit")
    public JsonObject list(
            @Parameter(description = "ISO-8601 time (2026-12-01T08:00:00Z) or a duration back from now (90m, 24h, 7d);"
                    + " default 24h") @QueryParam("since") String since,
            @Parameter(description = "the client's IP address") @QueryParam("source") String source,
            @Parameter(description = "the destination IP address") @QueryParam("destination") String destination,
            @Parameter(description = "text in the name or either address") @QueryParam("q") String text,
            @Parameter(description = "a gateway's hostname or id") @QueryParam("gateway") String gateway,
            @Parameter(description = "rows, 1 to 1000; default 100") @QueryParam("limit") String limit) {
        DeniedFilter filter = DeniedFilter.parse(since, source, destination, text, gateway, limit,
                System.currentTimeMillis());
        JsonArrayBuilder items = JsonView.array();
        for (DeniedTotal t : store.totals(filter)) {
            items.add(JsonView.object()
                    .put("source", t.source())
                    .put("destination", t.destination())
                    .put("port", (long) t.port())
                    .put("protocol", t.protocol())
                    .put("name", t.name())
                    .put("gateway", t.gateway())
                    .put("gatewayId", t.gatewayId())
                    .put("count", t.count())
                    .time("firstSeen", t.firstSeen())
                    .time("lastSeen", t.lastSeen())
                    .put("wouldDeny", t.wouldDeny())
                    .build());
        }
        return JsonView.object().put("items", items.build()).time("since", filter.since())
                .put("limit", (long) filter.limit()).build();
    }
}
