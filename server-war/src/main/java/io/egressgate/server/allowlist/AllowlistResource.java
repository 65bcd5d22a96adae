package io.egressgate.server.allowlist;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import io.egressgate.server.api.JsonView;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("allowlist")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AllowlistResource {

    @Inject
    Allowlist allowlist;

    @GET
    @Operation(operationId = "getAllowlist",
            summary = "The effective set: every allowed address as a CIDR, and the names gateways allow"
                    + " (domains and *. wildcards), at one revision")
    public JsonObject get() {
        Allowlist.Snapshot snapshot = allowlist.snapshot();
        JsonArrayBuilder cidrs = JsonView.array();
        snapshot.cidrs().forEach(cidrs::add);
        JsonArrayBuilder names = JsonView.array();
        snapshot.names().forEach(names::add);
        return JsonView.object().put("epoch", snapshot.version().epoch())
                .put("revision", snapshot.version().revision()).put("cidrs", cidrs.build())
                .put("names", names.build()).build();
    }
}
