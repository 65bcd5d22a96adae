package io.egressgate.gateway.traffic;

import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.dataplane.Drift;
import io.egressgate.gateway.dataplane.Traffic;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsEndpointTest {

    @Test
    void theSeedsMetricNamesAndLabelsAreServedAsIs() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        GatewayHealth health = new GatewayHealth(registry);
        registry.register(new TrafficCollector(() -> Map.of(
                Cidr.parse("203.0.113.7"), new Traffic(1500, 3, 9000, 7),
                Cidr.parse("2001:db8::/48"), Traffic.ZERO), "gate-a"));
        health.applied(new AppliedAllowlist("e", 12L, new TreeSet<>(List.of(Cidr.parse("203.0.113.7"))),
                Map.of("10.0.0.1/32", "internal")), Duration.ofMillis(40), true);
        health.connected("ws://x");
        health.reconciled(new Drift(List.of("set egress-gate-out4 missing", "filter chain EGRESS-GATE-FWD missing",
                "filter FORWARD policy is ACCEPT, not DROP")));

        try (MetricsServer server = new MetricsServer("127.0.0.1", 0, registry)) {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertThat(body)
                    .contains("iptables_bytes_count{hostname=\"gate-a\",ip=\"203.0.113.7/32\",type=\"OUTPUT\"} 1500.0")
                    .contains("iptables_bytes_count{hostname=\"gate-a\",ip=\"203.0.113.7/32\",type=\"INPUT\"} 9000.0")
                    .contains("iptables_packets_count{hostname=\"gate-a\",ip=\"203.0.113.7/32\",type=\"OUTPUT\"} 3.0")
                    .contains("iptables_packets_count{hostname=\"gate-a\",ip=\"203.0.113.7/32\",type=\"INPUT\"} 7.0")
                    .contains("iptables_packets_count{hostname=\"gate-a\",ip=\"2001:db8::/48\",type=\"INPUT\"} 0.0")
                    .contains("egress_gate_connected 1.0")
                    .contains("egress_gate_applied_revision 12.0")
                    .contains("egress_gate_skipped_entries 1.0")
                    .contains("egress_gate_drift_repairs_total{what=\"set\"} 1.0")
                    .contains("egress_gate_drift_repairs_total{what=\"chain\"} 1.0")
                    .contains("egress_gate_drift_repairs_total{what=\"policy\"} 1.0")
                    .contains("egress_gate_apply_duration_seconds_count 1")
                    .containsPattern("egress_gate_last_sync_timestamp_seconds [1-9]")
                    .doesNotContain("iptables_bytes_count_total");

            HttpResponse<byte[]> zipped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
                assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(body);
            }
        }
    }
}
