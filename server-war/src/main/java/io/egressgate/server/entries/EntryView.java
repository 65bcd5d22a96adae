package io.egressgate.server.entries;

import io.egressgate.server.api.JsonView;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;

/** An entry as the API shows it; {@code addresses} only on the single-entry view. */
final class EntryView {

    private EntryView() {
    }

    static JsonObject of(Entry e, List<Entries.Address> addresses) {
        JsonView view = JsonView.object()
                .put("id", e.id())
                .put("value", e.value())
                .put("kind", e.kind().name())
                .put("locked", e.locked())
                .put("suspended", e.suspended())
                .put("suspendedReason", e.suspendedReason())
                .put("note", e.note())
                .time("createdAt", e.createdAt())
                .put("createdBy", e.createdBy());
        if (addresses != null) {
            JsonArrayBuilder list = JsonView.array();
            addresses.forEach(a -> list.add(JsonView.object().put("cidr", a.cidr())
                    .time("firstSeen", a.firstSeen()).time("lastSeen", a.lastSeen())
                    .time("expiresAt", a.expiresAt()).put("source", a.source()).put("gateway", a.gateway())
                    .put("name", a.name()).build()));
            view.put("addresses", list.build());
        }
        if (e.kind() == EntryKind.DOMAIN) {
            view.time("lastResolvedAt", e.lastResolvedAt()).put("lastError", e.lastError())
                    .time("lastErrorAt", e.lastErrorAt());
        }
        return view.build();
    }
}
