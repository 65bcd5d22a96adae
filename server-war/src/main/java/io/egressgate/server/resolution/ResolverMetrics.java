package io.egressgate.server.resolution;

import io.egressgate.server.resolution.ResolutionRecorder.Recorded;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The resolver's metrics on /metrics: how long cycles and their recordings take, how many names
 * were resolved or failed (by reason), how many addresses came, went, were refused as internal
 * or fell over the cap, and gauges for names tracked, failing, at the cap and lookups under way.
 */
@ApplicationScoped
public class ResolverMetrics {

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    DomainResolver resolver;

    private Timer cycleDuration;
    private Timer recordDuration;
    private Counter namesResolved;
    private final Map<Lookup.Failure, Counter> failures = new EnumMap<>(Lookup.Failure.class);
    private Counter addressesAdded;
    private Counter addressesExpired;
    private Counter skippedInternal;
    private Counter droppedAtCap;
    private Counter revisions;
    private volatile Cycle.Report lastCycle;

    /** Creates the metrics with the application, so they exist before the first scrape. */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // touching the bean is enough
    }

    /** Here, not in the observer above: the resolver's timer may record before that event arrives. */
    @PostConstruct
    void register() {
        cycleDuration = registry.timer("egressgate_resolver_cycle_duration");
        recordDuration = registry.timer("egressgate_resolver_record_duration");
        namesResolved = registry.counter("egressgate_resolver_names_resolved");
        for (Lookup.Failure failure : Lookup.Failure.values()) {
            failures.put(failure, registry.counter("egressgate_resolver_failures",
                    new Tag("reason", failure.name().toLowerCase(java.util.Locale.ROOT))));
        }
        addressesAdded = registry.counter("egressgate_resolver_addresses_added");
        addressesExpired = registry.counter("egressgate_resolver_addresses_expired");
        skippedInternal = registry.counter("egressgate_resolver_addresses_skipped_internal");
        droppedAtCap = registry.counter("egressgate_resolver_addresses_dropped_at_cap");
        revisions = registry.counter("egressgate_resolver_revisions");
        registry.gauge("egressgate_resolver_names", this, self -> self.resolver.trackedNames());
        registry.gauge("egressgate_resolver_names_failing", this, self -> self.resolver.namesFailing());
        registry.gauge("egressgate_resolver_names_at_cap", this, self -> self.resolver.namesAtCap());
        registry.gauge("egressgate_resolver_lookups_in_flight", this, self -> self.resolver.lookupsInFlight());
        registry.gauge("egressgate_resolver_last_cycle_seconds", this,
                self -> self.lastCycle == null ? 0.0 : self.lastCycle.durationMs() / 1000.0);
        registry.gauge("egressgate_resolver_last_cycle_names", this,
                self -> self.lastCycle == null ? 0 : self.lastCycle.names());
    }

    void recorded(List<Observation> batch, Recorded recorded, long tookNanos) {
        if (batch.isEmpty() && recorded.expired() == 0) {
            return;
        }
        recordDuration.update(Duration.ofNanos(tookNanos));
        for (Observation o : batch) {
            if (o.lookup() instanceof Lookup.Failed failed) {
                failures.get(failed.failure()).inc();
            } else {
                namesResolved.inc();
            }
            skippedInternal.inc(o.skippedInternal().size());
        }
        recorded.plans().values().forEach(plan -> {
            addressesAdded.inc(plan.insert().size());
            droppedAtCap.inc(plan.droppedAtCap());
        });
        addressesExpired.inc(recorded.expired());
        recorded.revision().ifPresent(r -> revisions.inc());
    }

    void cycle(Cycle.Report report) {
        lastCycle = report;
        cycleDuration.update(Duration.ofMillis(report.durationMs()));
    }
}
