package io.egressgate.server.resolution;

import io.egressgate.server.api.JsonView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("resolver")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ResolverResource {

    private static final Duration CYCLE_WAIT = Duration.ofMinutes(2);

    @Inject
    DomainResolver resolver;

    @GET
    @Operation(operationId = "getResolver",
            summary = "The resolver: settings, DNS servers, names tracked, due, failing, at the cap, and the latest cycles")
    public JsonObject status() {
        ResolverSettings s = resolver.settings();
        JsonArrayBuilder servers = JsonView.array();
        NameLookup.serversOf(s).forEach(a -> servers.add(a.getAddress().getHostAddress() + ":" + a.getPort()));
        JsonArrayBuilder cycles = JsonView.array();
        resolver.recentCycles().forEach(c -> cycles.add(ResolutionView.of(c)));
        return JsonView.object()
                .put("dnsServers", servers.build())
                .put("dnsServersFromResolvConf", s.servers().isEmpty())
                .put("resolveIntervalSeconds", s.interval().toSeconds())
                .put("minTtlSeconds", s.minTtl().toSeconds())
                .put("gracePeriodSeconds", s.grace().toSeconds())
                .put("maxAddressesPerDomain", (long) s.maxAddresses())
                .put("dnsTimeoutMs", s.queryTimeout().toMillis())
                .put("concurrency", (long) s.concurrency())
                .put("names", (long) resolver.trackedNames())
                .put("due", resolver.namesDue())
                .put("lookupsInFlight", (long) resolver.lookupsInFlight())
                .put("failing", resolver.namesFailing())
                .put("atCap", resolver.namesAtCap())
                .put("recentCycles", cycles.build())
                .build();
    }

    @POST
    @Path("cycles")
    @Operation(operationId = "runResolverCycle",
            summary = "Resolve every domain now, as one cycle, and answer with what it did",
            description = "Names already being looked up are not launched again. Waits at most two minutes.")
    @APIResponse(responseCode = "200", description = "the cycle's report")
    @APIResponse(responseCode = "202", description = "the cycle is still running; see GET /resolver later")
    public Response runCycle() {
        Optional<Cycle.Report> report = resolver.resolveAll(CYCLE_WAIT);
        if (report.isEmpty()) {
            return Response.accepted(JsonView.object().put("status", "running").build()).build();
        }
        return Response.ok(ResolutionView.of(report.get())).build();
    }
}
