package io.egressgate.deployment;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTextTest {

    static final String SCRAPE = String.join("\n",
            "# HELP iptables_bytes_count Bytes through the gateway per allowed address",
            "# TYPE iptables_bytes_count gauge",
            "iptables_bytes_count{hostname=\"gw-1\",ip=\"203.0.113.10/32\",type=\"INPUT\"} 391.0",
            "iptables_bytes_count{hostname=\"gw-1\",ip=\"203.0.113.10/32\",type=\"OUTPUT\"} 4.48e+05",
            "iptables_bytes_count{hostname=\"gw-2\",ip=\"203.0.113.10/32\",type=\"OUTPUT\"} 7",
            "egressgate_gateways_connected{mp_scope=\"application\"} 2 1732570000000",
            "odd_label{note=\"say \\\"hi\\\", twice\",x=\"1\"} NaN",
            "egress_gate_connected 1.0",
            "");

    @Test
    void aSampleIsFoundByNameAndASubsetOfItsLabels() {
        MetricsText metrics = MetricsText.parse(SCRAPE);

        assertThat(metrics.value("iptables_bytes_count", Map.of("hostname", "gw-1", "type", "OUTPUT"))).hasValue(448_000.0);
        assertThat(metrics.value("iptables_bytes_count", Map.of("hostname", "gw-2"))).hasValue(7.0);
        assertThat(metrics.value("egressgate_gateways_connected")).as("extra labels and a timestamp").hasValue(2.0);
        assertThat(metrics.value("egress_gate_connected")).hasValue(1.0);
        assertThat(metrics.value("iptables_bytes_count", Map.of("hostname", "gw-3"))).isEmpty();
        assertThat(metrics.value("iptables_bytes")).as("names match whole").isEmpty();
        assertThat(metrics.samples("iptables_bytes_count")).hasSize(3);
    }

    @Test
    void quotedLabelValuesMayHoldCommasAndEscapedQuotes() {
        MetricsText.Sample sample = MetricsText.parse(SCRAPE).samples("odd_label").get(0);

        assertThat(sample.labels()).containsEntry("note", "say \\\"hi\\\", twice").containsEntry("x", "1");
        assertThat(sample.value()).isNaN();
    }
}
