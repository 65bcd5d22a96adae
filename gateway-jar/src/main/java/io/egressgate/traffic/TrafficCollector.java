package io.egressgate.traffic;

import io.egressgate.addresses.Cidr;
import io.egressgate.dataplane.Traffic;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The seed's metrics, {@code iptables_bytes_count} and {@code iptables_packets_count} with labels
 * {@code ip}, {@code type} ({@code OUTPUT} towards the address, {@code INPUT} back from it) and
 * {@code hostname}. They are exposed as gauges only to keep the seed's names: the Prometheus client
 * appends {@code _total} to every counter, which would break the dashboards' queries. The values only
 * ever grow (see {@link TrafficReader}), so {@code increase()} and {@code rate()} work on them.
 */
public final class TrafficCollector implements MultiCollector {

    public static final String BYTES = "iptables_bytes_count";
    public static final String PACKETS = "iptables_packets_count";

    private final Supplier<Map<Cidr, Traffic>> traffic;
    private final String hostname;

    public TrafficCollector(Supplier<Map<Cidr, Traffic>> traffic, String hostname) {
        this.traffic = traffic;
        this.hostname = hostname;
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder bytes = GaugeSnapshot.builder().name(BYTES)
                .help("Bytes through the gateway per allowed address; type OUTPUT = towards it, INPUT = back from it");
        GaugeSnapshot.Builder packets = GaugeSnapshot.builder().name(PACKETS)
                .help("Packets through the gateway per allowed address; type OUTPUT = towards it, INPUT = back from it");
        for (Map.Entry<Cidr, Traffic> entry : traffic.get().entrySet()) {
            String ip = entry.getKey().toString();
            Traffic t = entry.getValue();
            Labels out = Labels.of("hostname", hostname, "ip", ip, "type", "OUTPUT");
            Labels in = Labels.of("hostname", hostname, "ip", ip, "type", "INPUT");
            bytes.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(out).value(t.outBytes()).build());
            bytes.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(in).value(t.inBytes()).build());
            packets.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(out).value(t.outPackets()).build());
            packets.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(in).value(t.inPackets()).build());
        }
        return new MetricSnapshots(bytes.build(), packets.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(BYTES, PACKETS);
    }
}
