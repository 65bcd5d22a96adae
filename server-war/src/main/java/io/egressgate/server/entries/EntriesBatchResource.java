package io.egressgate.server.entries;

import io.egressgate.server.api.JsonBody;
import io.egressgate.server.api.JsonView;
import io.egressgate.server.api.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Many values in one call: all stored in one revision, or, when one is refused, none. */
@Path("entries/batch")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EntriesBatchResource {

    @Inject
    NewEntries newEntries;

    @Inject
    EntryRules rules;

    @Context
    SecurityContext security;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "addEntries", summary = "Add up to 10,000 values at once: all of them, or none",
            description = "The body is {\"values\": [...], \"locked\": false, \"note\": \"...\"}; each value is a string"
                    + " or an object {\"value\", \"locked\", \"note\"} whose fields replace the batch's. Every value is"
                    + " checked first; if any is refused, nothing is stored and every refusal is listed with its index."
                    + " What is stored is one revision and one audit record. A value already on the allowlist is left"
                    + " as it is. New domains are resolved after the call, not during it.")
    @APIResponse(responseCode = "200", description = "every value is on the allowlist now: created, or already there")
    @APIResponse(responseCode = "400", description = "one or more values refused (errors: index, value, message) and"
            + " nothing stored; no values or more than 10,000; bad JSON or wrong types")
    @APIResponse(responseCode = "413", description = "the body is larger than 4 MiB")
    public Response add(JsonValue body) {
        JsonBody request = JsonBody.of(body);
        boolean locked = request.flag("locked").orElse(false);
        String note = NewEntries.cleanNote(request.text("note").orElse(null));
        if (!(request.json().get("values") instanceof JsonArray values)) {
            throw new IllegalArgumentException("values must be an array of up to " + NewEntries.MAX_VALUES
                    + " values: domains, wildcards, IP addresses or CIDRs");
        }
        if (values.size() > NewEntries.MAX_VALUES) {
            throw new IllegalArgumentException("at most " + NewEntries.MAX_VALUES + " values at once, not " + values.size());
        }
        List<NewEntries.Request> requests = new ArrayList<>(values.size());
        List<Integer> indexes = new ArrayList<>(values.size());
        List<NewEntries.Refusal> misshapen = new ArrayList<>();
        for (int index = 0; index < values.size(); index++) {
            try {
                requests.add(item(values.get(index), locked, note));
                indexes.add(index);
            } catch (IllegalArgumentException e) {
                misshapen.add(new NewEntries.Refusal(index, String.valueOf(values.get(index)), e.getMessage()));
            }
        }
        NewEntries.Outcome outcome = misshapen.isEmpty()
                ? newEntries.addEach(requests, security.getUserPrincipal().getName())
                : new NewEntries.Outcome(List.of(), everyRefusal(misshapen, requests, indexes), OptionalLong.empty());
        if (!outcome.stored()) {
            throw refused(outcome.refusals(), values.size());
        }
        JsonArrayBuilder items = JsonView.array();
        outcome.items().forEach(item -> items.add(JsonView.object().put("index", (long) item.index())
                .put("value", item.value()).put("id", item.id()).put("kind", item.kind().name())
                .put("locked", item.locked()).put("created", item.created()).build()));
        long created = outcome.created();
        long present = outcome.items().stream().map(NewEntries.Item::id).distinct().count() - created;
        return Response.ok(JsonView.object()
                .put("revision", outcome.revision().isPresent() ? outcome.revision().getAsLong() : null)
                .put("created", created).put("present", present).put("items", items.build()).build()).build();
    }

    private static NewEntries.Request item(JsonValue value, boolean locked, String note) {
        if (value instanceof JsonString text) {
            return new NewEntries.Request(text.getString(), locked, note);
        }
        if (value instanceof JsonObject object) {
            JsonBody item = new JsonBody(object);
            return new NewEntries.Request(item.text("value").orElse(null), item.flag("locked").orElse(locked),
                    item.text("note").orElse(note));
        }
        throw new IllegalArgumentException("a value is a string, or an object with value, locked and note");
    }

    /** With a misshapen item nothing is stored either, but the values' own refusals are listed with it. */
    private List<NewEntries.Refusal> everyRefusal(List<NewEntries.Refusal> misshapen, List<NewEntries.Request> requests,
            List<Integer> indexes) {
        List<NewEntries.Refusal> all = new ArrayList<>(misshapen);
        if (!requests.isEmpty()) {
            CheckedValues.of(requests, rules.policy()).refusals().forEach(r ->
                    all.add(new NewEntries.Refusal(indexes.get(r.index()), r.value(), r.message())));
        }
        all.sort(java.util.Comparator.comparingInt(NewEntries.Refusal::index));
        return all;
    }

    private static ProblemException refused(List<NewEntries.Refusal> refusals, int of) {
        JsonArrayBuilder errors = JsonView.array();
        refusals.forEach(r -> errors.add(JsonView.object().put("index", (long) r.index()).put("value", r.value())
                .put("message", r.message()).build()));
        return new ProblemException(Response.Status.BAD_REQUEST, refusals.size() + " of " + of
                + " values are refused; nothing was stored", Map.of("errors", errors.build()));
    }
}
