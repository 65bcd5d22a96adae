package io.egressgate.server.resolution;

import io.egressgate.server.entries.ResolutionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Optional;

/** The resolver's side of a domain entry's view: its state, and waiting for a new name's first lookup. */
@ApplicationScoped
public class ResolverStatus implements ResolutionStatus {

    @Inject
    DomainResolver resolver;

    @Override
    public void awaitFirstLookup(long entryId) {
        resolver.awaitRecorded(entryId);
    }

    @Override
    public Optional<JsonObject> of(long entryId) {
        return resolver.status(entryId).map(ResolutionView::of);
    }
}
