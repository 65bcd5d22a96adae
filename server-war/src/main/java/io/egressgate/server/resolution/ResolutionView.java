package io.egressgate.server.resolution;

import io.egressgate.server.api.JsonView;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;

/** The resolver's state as the API shows it. */
public final class ResolutionView {

    private ResolutionView() {
    }

    /** The {@code resolution} object of a domain entry. */
    public static JsonObject of(NameStatus s) {
        return JsonView.object()
                .put("ttlSeconds", s.ttlSeconds() < 0 ? null : s.ttlSeconds())
                .time("nextResolveAt", s.nextResolveAt())
                .put("failuresInARow", (long) s.failuresInARow())
                .put("cnameChain", strings(s.aliases()))
                .put("skippedInternal", strings(s.skippedInternal()))
                .put("atCap", s.capped())
                .put("droppedAtCap", (long) s.droppedAtCap())
                .put("lastLookupMs", s.lastLookupMillis() < 0 ? null : s.lastLookupMillis())
                .build();
    }

    static JsonObject of(Cycle.Report r) {
        JsonArrayBuilder revisions = JsonView.array();
        r.revisions().forEach(revisions::add);
        return JsonView.object()
                .put("id", r.id()).put("trigger", r.trigger()).time("startedAt", r.startedAt())
                .put("names", (long) r.names()).put("answered", (long) r.answered()).put("failed", (long) r.failed())
                .put("changedNames", (long) r.changedNames()).put("addressesAdded", (long) r.addressesAdded())
                .put("addressesRetired", (long) r.addressesRetired())
                .put("addressesExpired", (long) r.addressesExpired())
                .put("droppedAtCap", (long) r.droppedAtCap()).put("skippedInternal", (long) r.skippedInternal())
                .put("revisions", revisions.build()).put("recordings", (long) r.recordings())
                .put("durationMs", r.durationMs()).put("lookupMs", r.lookupMs())
                .put("slowestLookupMs", r.slowestLookupMs()).put("recordMs", r.recordMs())
                .build();
    }

    private static JsonArray strings(List<String> values) {
        JsonArrayBuilder array = JsonView.array();
        values.forEach(array::add);
        return array.build();
    }
}
