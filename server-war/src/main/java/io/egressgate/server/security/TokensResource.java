package io.egressgate.server.security;

import io.egressgate.server.api.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import io.egressgate.server.api.JsonBody;
import io.egressgate.server.api.JsonView;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Token management; admin only (enforced by the bearer filter). */
@Path("tokens")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {

    @Inject
    TokenStore tokens;

    @Context
    SecurityContext security;

    static JsonObject view(ApiToken t) {
        return JsonView.object().put("id", t.id()).put("name", t.name()).put("role", t.role().wireName())
                .time("createdAt", t.createdAt()).put("createdBy", t.createdBy())
                .time("lastUsedAt", t.lastUsedAt()).time("revokedAt", t.revokedAt()).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createToken", summary = "Create a token; its secret is in this answer only")
    public Response create(JsonValue body) {
        JsonBody request = JsonBody.of(body);
        Role role = Role.parse(request.text("role").orElse(null));
        TokenStore.Issued issued = tokens.create(request.text("name").orElse(null), role, caller());
        return Response.status(Response.Status.CREATED).entity(JsonView.object().put("id", issued.token().id())
                .put("name", issued.token().name()).put("role", role.wireName())
                .put("token", issued.secret()).build()).build();
    }

    @GET
    @Operation(operationId = "listTokens", summary = "Every token, revoked ones included; never their secrets")
    public JsonArray list() {
        JsonArrayBuilder list = JsonView.array();
        tokens.list().forEach(t -> list.add(view(t)));
        return list.build();
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "revokeToken", summary = "Revoke a token; a gateway using it is disconnected")
    public Response revoke(@PathParam("id") long id) {
        if (!tokens.revoke(id, caller())) {
            throw new ProblemException(Response.Status.NOT_FOUND, "no token with id " + id);
        }
        return Response.noContent().build();
    }

    private Caller caller() {
        return (Caller) security.getUserPrincipal();
    }
}
