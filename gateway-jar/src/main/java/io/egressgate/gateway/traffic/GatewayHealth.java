package io.egressgate.gateway.traffic;

import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.dataplane.Drift;
import io.egressgate.gateway.dataplane.EnforcementMode;
import io.egressgate.gateway.sync.SyncListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Duration;

/** The gateway's own health on {@code /metrics}, fed by the sync and the reconcile loop. */
public final class GatewayHealth implements SyncListener {

    private final Gauge connected;
    private final Gauge revision;
    private final Gauge lastSync;
    private final Gauge allowed;
    private final Gauge skipped;
    private final Histogram applyDuration;
    private final Counter driftRepairs;
    private final Counter reconcileFailures;
    private final Gauge mode;

    public GatewayHealth(PrometheusRegistry registry) {
        connected = Gauge.builder().name("egress_gate_connected")
                .help("1 while the gateway holds a connection to a server").register(registry);
        revision = Gauge.builder().name("egress_gate_applied_revision")
                .help("Revision of the allowlist the kernel enforces (-1 before the first sync)").register(registry);
        lastSync = Gauge.builder().name("egress_gate_last_sync_timestamp_seconds")
                .help("When a snapshot or delta from the server was last applied (Unix time)").register(registry);
        allowed = Gauge.builder().name("egress_gate_allowed_entries")
                .help("Addresses and CIDRs the kernel lets through").register(registry);
        skipped = Gauge.builder().name("egress_gate_skipped_entries")
                .help("Published entries the gateway refused to apply (internal, too broad, unparsable)")
                .register(registry);
        applyDuration = Histogram.builder().name("egress_gate_apply_duration_seconds")
                .help("Time to apply a snapshot or delta to the kernel and the state file")
                .classicUpperBounds(0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30).register(registry);
        driftRepairs = Counter.builder().name("egress_gate_drift_repairs")
                .help("Differences between kernel and desired state found and repaired, by what was repaired "
                        + "(set, policy, chain, jump)")
                .labelNames("what").register(registry);
        reconcileFailures = Counter.builder().name("egress_gate_reconcile_failures")
                .help("Reconcile runs that could not repair the kernel").register(registry);
        mode = Gauge.builder().name("egress_gate_mode")
                .help("1 for the mode the gateway runs in (enforce drops what is not allowed; report lets it"
                        + " through and records it as would-deny), 0 for the other").labelNames("mode").register(registry);
        revision.set(-1);
        mode(EnforcementMode.ENFORCE);
    }

    public void mode(EnforcementMode running) {
        for (EnforcementMode each : EnforcementMode.values()) {
            mode.labelValues(each.word()).set(each == running ? 1 : 0);
        }
    }

    @Override
    public void applied(AppliedAllowlist state, Duration took, boolean fromServer) {
        if (fromServer) {
            lastSync.set(System.currentTimeMillis() / 1000.0);
        }
        if (state.isSynced()) {
            revision.set(state.revision());
        }
        allowed.set(state.allowed().size());
        skipped.set(state.skipped().size());
        applyDuration.observe(took.toNanos() / 1e9);
    }

    @Override
    public void connected(String server) {
        connected.set(1);
    }

    @Override
    public void disconnected(String server, String why) {
        connected.set(0);
    }

    public void reconciled(Drift drift) {
        drift.repairs().forEach(repair -> driftRepairs.labelValues(Drift.kindOf(repair)).inc());
    }

    public void reconcileFailed() {
        reconcileFailures.inc();
    }
}
