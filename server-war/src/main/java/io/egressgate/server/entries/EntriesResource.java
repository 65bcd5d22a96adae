package io.egressgate.server.entries;

import io.egressgate.server.api.JsonBody;
import io.egressgate.server.api.JsonView;
import io.egressgate.server.api.ProblemException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("entries")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EntriesResource {

    private static final int MAX_PAGE = 1000;

    @Inject
    Entries entries;

    @Inject
    EntrySearch search;

    @Inject
    NewEntries newEntries;

    @Inject
    ResolutionStatus resolution;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "addEntry", summary = "Add a domain, a wildcard (*.example.com), an IP or a CIDR to the allowlist",
            description = "Adding a value that already exists changes nothing and answers 200 with the existing entry."
                    + " A wildcard allows every name below its base, not the base itself, and is refused on a public"
                    + " suffix (*.com, *.co.uk, *.github.io).")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "200", description = "the value was already on the allowlist; the existing entry")
    @APIResponse(responseCode = "400",
            description = "invalid value, internal address, too broad a CIDR, a wildcard on a public suffix, bad JSON")
    public Response add(JsonValue body) {
        JsonBody request = JsonBody.of(body);
        String value = request.text("value").orElse(null);
        boolean locked = request.flag("locked").orElse(false);
        String note = request.text("note").orElse(null);
        NewEntries.Outcome outcome = newEntries.add(java.util.Collections.singletonList(value), locked, note,
                security.getUserPrincipal().getName());
        if (!outcome.stored()) {
            throw new IllegalArgumentException(outcome.refusals().get(0).message());
        }
        NewEntries.Item added = outcome.items().get(0);
        long id = added.id();
        if (added.created() && added.kind() == EntryKind.DOMAIN) {
            // resolved at once, so the answer shows the first addresses or the DNS error
            resolution.awaitFirstLookup(id);
        }
        Entry entry = entries.find(id).orElseThrow(() -> notFound(id));
        JsonObject view = view(entry);
        if (!added.created()) {
            return Response.ok(view).build();
        }
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(id)).build()).entity(view).build();
    }

    @GET
    @Operation(operationId = "listEntries",
            summary = "List entries, newest first, filtered by text (value or note) and kind")
    public JsonObject list(@QueryParam("q") String text, @QueryParam("kind") String kind,
                         @QueryParam("offset") @DefaultValue("0") int offset,
                         @QueryParam("limit") @DefaultValue("100") int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("offset must be >= 0 and limit between 1 and " + MAX_PAGE);
        }
        EntryFilter filter = new EntryFilter(text, parseKind(kind), null, false);
        JsonArrayBuilder items = JsonView.array();
        search.page(filter, null, false, offset, limit).forEach(e -> items.add(EntryView.of(e, null)));
        return JsonView.object().put("items", items.build()).put("total", search.count(filter))
                .put("offset", (long) offset).put("limit", (long) limit).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getEntry", summary = "One entry with its addresses, resolved or learned by gateways")
    public JsonObject get(@PathParam("id") long id) {
        Entry entry = entries.find(id).orElseThrow(() -> notFound(id));
        return view(entry);
    }

    /** A domain also shows what the resolver knows about it (TTL, next resolution, CNAME chain, cap). */
    private JsonObject view(Entry entry) {
        JsonObject view = EntryView.of(entry, entries.addressesOf(entry.id()));
        return resolution.of(entry.id())
                .map(status -> JsonView.extending(view).add("resolution", status).build())
                .orElse(view);
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteEntry", summary = "Delete an entry; a locked entry answers 409 and stays")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "409", description = "the entry is locked")
    public Response delete(@PathParam("id") long id) {
        try {
            if (!entries.delete(id, security.getUserPrincipal().getName())) {
                throw notFound(id);
            }
        } catch (Entries.LockedException e) {
            throw new ProblemException(Response.Status.CONFLICT, e.getMessage(), Map.of("id", id));
        }
        return Response.noContent().build();
    }

    private static EntryKind parseKind(String kind) {
        if (kind == null || kind.isBlank()) {
            return null;
        }
        try {
            return EntryKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind must be DOMAIN, WILDCARD, IP or CIDR, not '" + kind + "'");
        }
    }

    private static ProblemException notFound(long id) {
        return new ProblemException(Response.Status.NOT_FOUND, "no entry with id " + id);
    }
}
