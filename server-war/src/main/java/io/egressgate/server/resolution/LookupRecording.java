package io.egressgate.server.resolution;

import io.egressgate.server.resolution.Lookup.Failure;
import io.egressgate.server.resolution.ResolutionRecorder.Recorded;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finished lookups, recorded in batches by one thread: when a cycle's last lookup finishes, and at
 * every tick for whatever has finished by then. Then each name is released, due again after its TTL
 * or its back-off, and its cycle's report is kept.
 */
final class LookupRecording {

    private static final Logger LOG = Logger.getLogger(LookupRecording.class.getName());
    private static final int RECENT_CYCLES = 20;

    private final ResolutionRecorder recorder;
    private final ResolverMetrics metrics;
    private final ResolverSettings settings;
    private final TrackedNames names;
    private final ExecutorService thread;
    private final Queue<Observation> finished = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final Deque<Cycle.Report> recentCycles = new ArrayDeque<>();
    private boolean works = true; // the recording thread's own

    LookupRecording(ResolutionRecorder recorder, ResolverMetrics metrics, ResolverSettings settings, TrackedNames names,
                    ExecutorService thread) {
        this.recorder = recorder;
        this.metrics = metrics;
        this.settings = settings;
        this.names = names;
        this.thread = thread;
    }

    void finished(Observation observation) {
        finished.add(observation);
    }

    void request() {
        if (requested.compareAndSet(false, true)) {
            thread.execute(this::recordFinished);
        }
    }

    List<Cycle.Report> recentCycles() {
        synchronized (recentCycles) {
            return List.copyOf(recentCycles);
        }
    }

    /** Runs on the recording thread only, so batches are recorded one after the other. */
    private void recordFinished() {
        requested.set(false);
        List<Observation> batch = new ArrayList<>();
        for (Observation o; (o = finished.poll()) != null; ) {
            batch.add(o);
        }
        Instant now = Instant.now();
        long started = System.nanoTime();
        Recorded recorded;
        try {
            recorded = batch.isEmpty() && !recorder.anyExpired(now) ? Recorded.nothing()
                    : recorder.record(batch, now, settings.grace(), settings.maxAddresses());
        } catch (RuntimeException e) {
            // once per outage: the tick asks every second, and a database that is down stays down a while
            if (works) {
                LOG.log(Level.WARNING, "resolver: cannot record lookups (database?); the allowlist stays as it is,"
                        + " the names are asked again", e);
            }
            works = false;
            batch.forEach(o -> release(o, new Lookup.Failed(Failure.ERROR, "not recorded: " + e.getMessage()), null,
                    now.toEpochMilli() + Math.max(1000, settings.minTtl().toMillis())));
            return;
        }
        if (!works) {
            LOG.info("resolver: recording works again");
            works = true;
        }
        long took = System.nanoTime() - started;
        try {
            metrics.recorded(batch, recorded, took);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "resolver: metrics not updated", e); // never worth leaving names stuck
        }
        Map<Cycle, Boolean> cycles = new IdentityHashMap<>();
        for (Observation o : batch) {
            TrackedName name = names.get(o.entryId());
            if (name != null) {
                synchronized (name) {
                    cycles.put(name.cycle, true);
                }
            }
        }
        cycles.keySet().forEach(c -> c.recording(recorded.revision(), recorded.expired(), took));
        for (Observation o : batch) {
            AddressPlan plan = recorded.plans().get(o.entryId());
            if (recorded.gone().contains(o.entryId())) {
                TrackedName name = names.forget(o.entryId());
                if (name != null) {
                    finish(name, o.lookup(), null, 0);
                }
                continue;
            }
            long delay = o.lookup() instanceof Lookup.Answered a ? settings.nextAfterAnswer(a.ttlSeconds()).toMillis()
                    : settings.nextAfterFailure(failuresAfter(o)).toMillis();
            release(o, o.lookup(), plan, now.toEpochMilli() + delay);
        }
    }

    private int failuresAfter(Observation o) {
        TrackedName name = names.get(o.entryId());
        return name == null ? 1 : name.failuresInARow + 1;
    }

    private void release(Observation o, Lookup outcome, AddressPlan plan, long dueAt) {
        TrackedName name = names.get(o.entryId());
        if (name == null) {
            return;
        }
        if (outcome instanceof Lookup.Answered answered) {
            if (name.failuresInARow > 0) {
                LOG.info(() -> "resolver: " + o.domain() + " resolves again");
            }
            name.failuresInARow = 0;
            name.ttlSeconds = answered.ttlSeconds();
            name.aliases = answered.aliases();
            name.skippedInternal = o.skippedInternal();
            if (o.newlyInternal()) {
                LOG.warning(() -> "resolver: " + o.domain() + " answered internal address(es) "
                        + String.join(", ", o.skippedInternal()) + "; skipped, never allowed");
            }
            if (plan != null) {
                if (plan.capped() && !name.capped) {
                    LOG.warning(() -> "resolver: " + o.domain() + " answered " + o.allowed().size()
                            + " addresses; kept " + settings.maxAddresses() + " (max_addresses_per_domain)");
                }
                name.capped = plan.capped();
                name.droppedAtCap = plan.droppedAtCap();
            }
        } else {
            if (name.failuresInARow == 0) {
                LOG.info(() -> "resolver: " + o.domain() + ": " + ((Lookup.Failed) outcome).message()
                        + "; its addresses stay allowed, retried with back-off");
            }
            name.failuresInARow++;
        }
        name.dueAt = dueAt;
        finish(name, outcome, plan, o.skippedInternal().size());
    }

    private void finish(TrackedName name, Lookup outcome, AddressPlan plan, int skippedInternal) {
        Cycle cycle;
        CompletableFuture<Void> recorded;
        synchronized (name) {
            name.lastLookupMillis = (System.nanoTime() - name.startedNanos) / 1_000_000;
            cycle = name.cycle;
            recorded = name.recorded;
            name.busy = false;
        }
        Cycle.Report report = cycle.recorded(outcome, plan, skippedInternal);
        recorded.complete(null);
        if (report != null) {
            remember(report);
        }
    }

    private void remember(Cycle.Report report) {
        try {
            metrics.cycle(report);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "resolver: metrics not updated", e);
        }
        synchronized (recentCycles) {
            recentCycles.addFirst(report);
            if (recentCycles.size() > RECENT_CYCLES) {
                recentCycles.removeLast();
            }
        }
        if (report.changedNames() > 0 || report.durationMs() > 5_000) {
            LOG.info(() -> "resolver: cycle " + report.id() + " (" + report.trigger() + "): " + report.names()
                    + " name(s) in " + report.durationMs() + " ms, " + report.changedNames() + " changed, "
                    + report.failed() + " failed, revisions " + report.revisions());
        }
    }
}
