package io.egressgate.gateway.dns;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The forwarder's metrics on the gateway's /metrics. */
public final class DnsMetrics {

    /** Query results: the name was allowed, not listed, refused (source, rate or unlisted), or no upstream answered. */
    enum Result { ALLOWED, UNLISTED, REFUSED, SERVFAIL }

    private final Counter queries;
    private final Histogram hold;
    private final Gauge learned;
    private final Counter internalDropped;

    public DnsMetrics(PrometheusRegistry registry) {
        queries = Counter.builder().name("egress_gate_dns_queries")
                .help("DNS queries answered by the forwarder, by result (allowed, unlisted, refused, servfail)")
                .labelNames("result").register(registry);
        hold = Histogram.builder().name("egress_gate_dns_hold_seconds")
                .help("Time an allowed answer was held until its addresses were in the kernel")
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1).register(registry);
        learned = Gauge.builder().name("egress_gate_dns_learned_addresses")
                .help("Addresses allowed because an allowed name answered them, not yet expired").register(registry);
        internalDropped = Counter.builder().name("egress_gate_dns_internal_answers_dropped")
                .help("Internal addresses in answers for allowed names, never programmed (DNS rebinding)").register(registry);
        for (Result result : Result.values()) {
            queries.labelValues(label(result));
        }
    }

    void answered(Result result) {
        queries.labelValues(label(result)).inc();
    }

    void held(long nanos) {
        hold.observe(nanos / 1e9);
    }

    void learned(int count) {
        learned.set(count);
    }

    void internalDropped(int count) {
        internalDropped.inc(count);
    }

    private static String label(Result result) {
        return result.name().toLowerCase(java.util.Locale.ROOT);
    }
}
