package io.egressgate.server.resolution;

import java.util.Collection;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Names waiting for their lookup, and how many lookups are under way: at most
 * {@code resolve_concurrency} at once, new entries ahead of the schedule's names. A name is never
 * queued twice: it is busy from its launch until its lookup is recorded.
 */
final class LaunchQueue {

    private final Deque<TrackedName> waiting = new ConcurrentLinkedDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final IntSupplier concurrency;

    LaunchQueue(IntSupplier concurrency) {
        this.concurrency = concurrency;
    }

    /** Queues the names that are not already busy as one cycle; null when there were none. */
    Cycle launch(Collection<TrackedName> candidates, String trigger, boolean urgent) {
        Cycle cycle = new Cycle(trigger);
        for (TrackedName name : candidates) {
            synchronized (name) {
                if (name.busy) {
                    continue;
                }
                name.busy = true;
                name.cycle = cycle;
                name.recorded = new java.util.concurrent.CompletableFuture<>();
                cycle.added();
            }
            if (urgent) {
                waiting.addFirst(name);
            } else {
                waiting.addLast(name);
            }
        }
        return cycle.size() == 0 ? null : cycle;
    }

    /** Starts queued lookups while fewer than the allowed number are under way. */
    void pump(Consumer<TrackedName> start) {
        while (true) {
            int running = inFlight.get();
            if (running >= concurrency.getAsInt() || waiting.isEmpty()) {
                return;
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            TrackedName name = waiting.pollFirst();
            if (name == null) {
                inFlight.decrementAndGet();
                return;
            }
            start.accept(name);
        }
    }

    /** A lookup has an outcome (recorded later): room for another. */
    void lookupDone() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }
}
