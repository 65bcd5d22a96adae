package io.egressgate.server.resolution;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.server.startup.StartupFailure;
import io.egressgate.names.DomainName;
import io.egressgate.server.entries.EntriesAdded;
import io.egressgate.server.resolution.Lookup.Failure;
import io.egressgate.server.resolution.ResolutionRecorder.Recorded;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Keeps every domain entry's addresses current. Each tick launches the names that are due; their
 * lookups run concurrently (at most {@code resolve_concurrency} at once, never blocking a thread),
 * and finished lookups are recorded in batches by one recording thread: when a cycle's last lookup
 * finishes, and at every tick for whatever has finished by then. A slow name therefore holds up
 * nothing but itself.
 */
@ApplicationScoped
public class DomainResolver {

    private static final Logger LOG = Logger.getLogger(DomainResolver.class.getName());
    private static final long SYNC_EVERY_MILLIS = 10_000;
    private static final int RECENT_CYCLES = 20;

    @Inject
    ResolutionRecorder recorder;

    @Inject
    DomainEntries domains;

    @Inject
    AllowlistPolicy policy;

    @Inject
    ResolverMetrics metrics;

    @Resource
    ManagedThreadFactory threads;

    private ResolverSettings settings;
    private NameLookup lookup;
    private ExecutorService callbacks;
    private ExecutorService recording;
    private final Map<Long, TrackedName> names = new ConcurrentHashMap<>();
    private final Deque<TrackedName> waiting = new ConcurrentLinkedDeque<>();
    private final Queue<Observation> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean recordingRequested = new AtomicBoolean();
    private final Deque<Cycle.Report> recentCycles = new ArrayDeque<>();
    private volatile long lastSync;
    private final java.util.Set<Long> unusable = ConcurrentHashMap.newKeySet();
    private boolean recordingWorks = true; // the recording thread's own

    @PostConstruct
    void start() {
        try {
            settings = ResolverSettings.from(key -> ConfigProvider.getConfig()
                    .getOptionalValue("egressgate." + key, String.class));
        } catch (IllegalArgumentException e) {
            StartupFailure.report("resolver configuration: " + e.getMessage());
            throw e;
        }
        callbacks = Executors.newFixedThreadPool(2, threads);
        recording = Executors.newSingleThreadExecutor(threads);
        lookup = NameLookup.using(settings, callbacks);
        LOG.info(() -> "resolver: DNS servers " + NameLookup.describe(NameLookup.serversOf(settings))
                + (settings.servers().isEmpty() ? " (from resolv.conf)" : "") + "; interval "
                + settings.interval().toSeconds() + " s, min TTL " + settings.minTtl().toSeconds() + " s, grace "
                + settings.grace().toSeconds() + " s, at most " + settings.maxAddresses() + " addresses per name");
    }

    @PreDestroy
    void stop() {
        callbacks.shutdownNow();
        recording.shutdownNow();
    }

    public ResolverSettings settings() {
        return settings;
    }

    /** One timer tick: notice new and deleted entries, launch what is due, record what has finished. */
    void tick() {
        long now = System.currentTimeMillis();
        if (now - lastSync >= Math.min(SYNC_EVERY_MILLIS, settings.interval().toMillis())) {
            sync(now);
        }
        List<TrackedName> due = new ArrayList<>();
        names.values().forEach(name -> {
            if (name.dueAt <= now) {
                due.add(name);
            }
        });
        launch(due, "schedule", false);
        pump();
        requestRecording();
    }

    private void sync(long now) {
        Map<Long, String> current = domains.all();
        names.values().removeIf(name -> !current.containsKey(name.entryId) && !busy(name));
        current.forEach((id, value) -> {
            try {
                names.computeIfAbsent(id, key -> track(key, value, now));
            } catch (IllegalArgumentException e) {
                // stored before a stricter rule? one bad value must not stop the others
                if (unusable.add(id)) {
                    LOG.warning(() -> "resolver: entry " + id + " is not a domain it can resolve: " + e.getMessage());
                }
            }
        });
        lastSync = now;
    }

    private static boolean busy(TrackedName name) {
        synchronized (name) {
            return name.busy;
        }
    }

    private TrackedName track(long id, String value, long dueAt) {
        return new TrackedName(id, DomainName.parse(value), dueAt);
    }

    /**
     * New domain entries are resolved ahead of every queued name, once their transaction has
     * committed (the resolver's own reading would otherwise notice them within ten seconds).
     */
    void added(@Observes(during = TransactionPhase.AFTER_SUCCESS) EntriesAdded added) {
        long now = System.currentTimeMillis();
        List<TrackedName> fresh = new ArrayList<>(added.domains().size());
        added.domains().forEach((id, value) -> fresh.add(names.computeIfAbsent(id, key -> track(key, value, now))));
        launch(fresh, "entry added", true);
        pump();
    }

    /**
     * Waits (at most one lookup's budget) until the lookup under way for this entry is recorded, so
     * that the API can answer a new domain with its first addresses or its DNS error.
     */
    void awaitRecorded(long entryId) {
        TrackedName name = names.get(entryId);
        if (name == null) {
            return;
        }
        CompletableFuture<Void> recorded;
        synchronized (name) {
            recorded = name.recorded;
        }
        if (recorded != null) {
            await(recorded, settings.lookupBudget().plusSeconds(10));
        }
    }

    /** Resolves every domain now as one cycle and waits for it (at most {@code wait}; empty if it took longer). */
    public Optional<Cycle.Report> resolveAll(Duration wait) {
        if (lastSync == 0) {
            sync(System.currentTimeMillis());
        }
        Cycle cycle = launch(new ArrayList<>(names.values()), "api", false);
        pump();
        if (cycle == null) {
            return Optional.of(Cycle.nothing("api"));
        }
        try {
            return Optional.of(cycle.done.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Queues the names that are not already busy as one cycle; null when there were none. */
    private Cycle launch(Collection<TrackedName> candidates, String trigger, boolean urgent) {
        Cycle cycle = new Cycle(trigger);
        for (TrackedName name : candidates) {
            synchronized (name) {
                if (name.busy) {
                    continue;
                }
                name.busy = true;
                name.cycle = cycle;
                name.recorded = new CompletableFuture<>();
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

    /** Starts queued lookups while fewer than {@code resolve_concurrency} are under way. */
    private void pump() {
        while (true) {
            int running = inFlight.get();
            if (running >= settings.concurrency() || waiting.isEmpty()) {
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
            start(name);
        }
    }

    private void start(TrackedName name) {
        long started = System.nanoTime();
        synchronized (name) {
            name.startedNanos = started;
        }
        CompletableFuture<Lookup> result;
        try {
            result = lookup.lookup(name.domain)
                    .orTimeout(settings.lookupBudget().toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(error -> new Lookup.Failed(Failure.TIMEOUT,
                            "no complete answer within " + settings.lookupBudget().toMillis() + " ms"));
        } catch (RuntimeException e) {
            result = CompletableFuture.completedFuture(new Lookup.Failed(Failure.ERROR, String.valueOf(e.getMessage())));
        }
        result.whenCompleteAsync((outcome, error) -> {
            inFlight.decrementAndGet();
            Lookup lookupResult = outcome != null ? outcome
                    : new Lookup.Failed(Failure.ERROR, String.valueOf(error));
            Observation observation;
            try {
                observation = Observation.of(name.entryId, name.domain.ascii(), lookupResult, policy,
                        name.capped, name.skippedInternal);
            } catch (RuntimeException e) {
                // whatever went wrong, the name must reach the recording, or it would never be asked again
                observation = Observation.of(name.entryId, name.domain.ascii(),
                        new Lookup.Failed(Failure.ERROR, String.valueOf(e)), null, name.capped, List.of());
            }
            finished.add(observation);
            Cycle cycle;
            synchronized (name) {
                cycle = name.cycle;
            }
            if (cycle.lookupFinished(System.nanoTime() - started)) {
                requestRecording();
            }
            pump();
        }, callbacks);
    }

    private void requestRecording() {
        if (recordingRequested.compareAndSet(false, true)) {
            recording.execute(this::recordFinished);
        }
    }

    /** Runs on the recording thread only, so batches are recorded one after the other. */
    private void recordFinished() {
        recordingRequested.set(false);
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
            if (recordingWorks) {
                LOG.log(Level.WARNING, "resolver: cannot record lookups (database?); the allowlist stays as it is,"
                        + " the names are asked again", e);
            }
            recordingWorks = false;
            batch.forEach(o -> release(o, new Lookup.Failed(Failure.ERROR, "not recorded: " + e.getMessage()), null,
                    now.toEpochMilli() + Math.max(1000, settings.minTtl().toMillis())));
            return;
        }
        if (!recordingWorks) {
            LOG.info("resolver: recording works again");
            recordingWorks = true;
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
                TrackedName name = names.remove(o.entryId());
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

    private static void await(CompletableFuture<?> future, Duration wait) {
        try {
            future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the lookup goes on and is recorded later; the caller shows what is known now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    // ---- what the API and the metrics show

    /** The resolver's view of one domain entry, if it tracks it. */
    public Optional<NameStatus> status(long entryId) {
        TrackedName name = names.get(entryId);
        return name == null ? Optional.empty() : Optional.of(NameStatus.of(name));
    }

    public List<Cycle.Report> recentCycles() {
        synchronized (recentCycles) {
            return List.copyOf(recentCycles);
        }
    }

    public int trackedNames() {
        return names.size();
    }

    public int lookupsInFlight() {
        return inFlight.get();
    }

    public long namesFailing() {
        return names.values().stream().filter(n -> n.failuresInARow > 0).count();
    }

    public long namesAtCap() {
        return names.values().stream().filter(n -> n.capped).count();
    }

    public long namesDue() {
        long now = System.currentTimeMillis();
        return names.values().stream().filter(n -> n.dueAt <= now).count();
    }
}
