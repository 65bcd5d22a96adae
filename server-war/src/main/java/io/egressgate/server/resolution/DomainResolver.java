package io.egressgate.server.resolution;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.server.entries.EntriesAdded;
import io.egressgate.server.resolution.Lookup.Failure;
import io.egressgate.server.startup.StartupFailure;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Keeps every domain entry's addresses current. Each tick launches the names that are due
 * ({@link TrackedNames}, {@link LaunchQueue}); their lookups run concurrently (at most
 * {@code resolve_concurrency} at once, never blocking a thread), and finished lookups are recorded
 * in batches by one recording thread ({@link LookupRecording}). A slow name therefore holds up
 * nothing but itself.
 */
@ApplicationScoped
public class DomainResolver {

    private static final Logger LOG = Logger.getLogger(DomainResolver.class.getName());
    private static final long SYNC_EVERY_MILLIS = 10_000;

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
    private ExecutorService recordingThread;
    private final TrackedNames names = new TrackedNames();
    private LaunchQueue queue;
    private LookupRecording recording;
    private volatile long lastSync;

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
        recordingThread = Executors.newSingleThreadExecutor(threads);
        lookup = NameLookup.using(settings, callbacks);
        queue = new LaunchQueue(settings::concurrency);
        recording = new LookupRecording(recorder, metrics, settings, names, recordingThread);
        LOG.info(() -> "resolver: DNS servers " + NameLookup.describe(NameLookup.serversOf(settings))
                + (settings.servers().isEmpty() ? " (from resolv.conf)" : "") + "; interval "
                + settings.interval().toSeconds() + " s, min TTL " + settings.minTtl().toSeconds() + " s, grace "
                + settings.grace().toSeconds() + " s, at most " + settings.maxAddresses() + " addresses per name");
    }

    @PreDestroy
    void stop() {
        callbacks.shutdownNow();
        recordingThread.shutdownNow();
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
        queue.launch(names.dueBy(now), "schedule", false);
        pump();
        recording.request();
    }

    private void sync(long now) {
        names.follow(domains.all(), now);
        lastSync = now;
    }

    /**
     * New domain entries are resolved ahead of every queued name, once their transaction has
     * committed (the resolver's own reading would otherwise notice them within ten seconds).
     */
    void added(@Observes(during = TransactionPhase.AFTER_SUCCESS) EntriesAdded added) {
        long now = System.currentTimeMillis();
        List<TrackedName> fresh = new ArrayList<>(added.domains().size());
        added.domains().forEach((id, value) -> fresh.add(names.track(id, value, now)));
        queue.launch(fresh, "entry added", true);
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
        Cycle cycle = queue.launch(names.all(), "api", false);
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

    private void pump() {
        queue.pump(this::start);
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
            queue.lookupDone();
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
            recording.finished(observation);
            Cycle cycle;
            synchronized (name) {
                cycle = name.cycle;
            }
            if (cycle.lookupFinished(System.nanoTime() - started)) {
                recording.request();
            }
            pump();
        }, callbacks);
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
        return names.status(entryId);
    }

    public List<Cycle.Report> recentCycles() {
        return recording.recentCycles();
    }

    public int trackedNames() {
        return names.size();
    }

    public int lookupsInFlight() {
        return queue.inFlight();
    }

    public long namesFailing() {
        return names.failing();
    }

    public long namesAtCap() {
        return names.atCap();
    }

    public long namesDue() {
        return names.due();
    }
}
