package io.egressgate.server.resolution;

import io.egressgate.names.DomainName;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The resolver's memory of one domain entry: when it is due, whether a lookup is under way, and
 * what the last answer said. Kept in memory only: after a restart every name is due at once.
 * Fields are written by the recording thread and read by the API, hence volatile.
 */
final class TrackedName {

    final long entryId;
    final DomainName domain;

    volatile long dueAt;
    /** Queued, being looked up, or waiting to be recorded: never launched twice at once. */
    boolean busy;
    Cycle cycle;
    long startedNanos;
    CompletableFuture<Void> recorded = CompletableFuture.completedFuture(null);

    volatile int failuresInARow;
    volatile long ttlSeconds = -1;
    volatile List<String> aliases = List.of();
    volatile List<String> skippedInternal = List.of();
    volatile int droppedAtCap;
    volatile boolean capped;
    volatile long lastLookupMillis = -1;

    TrackedName(long entryId, DomainName domain, long dueAt) {
        this.entryId = entryId;
        this.domain = domain;
        this.dueAt = dueAt;
    }
}
