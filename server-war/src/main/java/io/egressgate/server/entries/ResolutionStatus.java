package io.egressgate.server.entries;

import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * What the resolver knows of a domain entry, for the entry's API view. The resolution package
 * provides it; entries only ask, so that the two packages do not depend on each other both ways.
 */
public interface ResolutionStatus {

    /** Waits, at most one lookup's budget, until a just-added domain's first answer or error is recorded. */
    void awaitFirstLookup(long entryId);

    /** The {@code resolution} object of a domain entry the resolver tracks. */
    Optional<JsonObject> of(long entryId);
}
