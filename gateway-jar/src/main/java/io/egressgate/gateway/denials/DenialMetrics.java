package io.egressgate.gateway.denials;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The denied-connection records on the gateway's /metrics. */
public final class DenialMetrics {

    private final Counter recorded;
    private final Counter dropped;
    private final Gauge pending;
    private final Gauge readerUp;

    public DenialMetrics(PrometheusRegistry registry) {
        recorded = Counter.builder().name("egress_gate_denied_records")
                .help("Denied new connections recorded, by kind (deny; would_deny in report mode)")
                .labelNames("kind").register(registry);
        dropped = Counter.builder().name("egress_gate_denied_dropped")
                .help("Denied new connections the kernel counted but no record holds: over the NFLOG rate limit,"
                        + " the reader down or behind, the table or the spool full").register(registry);
        pending = Gauge.builder().name("egress_gate_denied_pending_records")
                .help("Denied-connection records not yet sent: this minute's and those spooled in the state directory")
                .register(registry);
        readerUp = Gauge.builder().name("egress_gate_denied_reader_up")
                .help("1 while the NFLOG reader (ulogd) runs; 0 means denied connections are only counted as dropped")
                .register(registry);
        recorded.labelValues("deny");
        recorded.labelValues("would_deny");
    }

    void recorded(boolean wouldDeny) {
        recorded.labelValues(wouldDeny ? "would_deny" : "deny").inc();
    }

    void dropped(long attempts) {
        if (attempts > 0) {
            dropped.inc(attempts);
        }
    }

    void pending(int records) {
        pending.set(records);
    }

    void readerUp(boolean up) {
        readerUp.set(up ? 1 : 0);
    }
}
