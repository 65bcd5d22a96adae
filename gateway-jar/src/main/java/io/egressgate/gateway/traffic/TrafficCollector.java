package io.egressgate.gateway.traffic;

import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.dataplane.Traffic;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
    private volatile Map<Cidr, LabelPair> labelCache = Map.of();

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
        Map<Cidr, Traffic> current = traffic.get();
        Map<Cidr, LabelPair> labels = new HashMap<>(current.size() * 2);
        List<LabelPair> ordered = new ArrayList<>(current.size());
        for (Map.Entry<Cidr, Traffic> entry : current.entrySet()) {
            LabelPair pair = labelCache.get(entry.getKey());
            if (pair == null) {
                pair = new LabelPair(entry.getKey(), hostname);
            }
            labels.put(entry.getKey(), pair);
            ordered.add(pair);
        }
        labelCache = labels;
        // the snapshot sorts its data points by labels: handing them over sorted keeps that sort linear
        ordered.sort(Comparator.comparing(LabelPair::ip));
        for (LabelPair pair : ordered) {
            GaugeSnapshot.GaugeDataPointSnapshot[] points = pair.points(current.get(pair.cidr));
            bytes.dataPoint(points[0]);
            bytes.dataPoint(points[1]);
            packets.dataPoint(points[2]);
            packets.dataPoint(points[3]);
        }
        return new MetricSnapshots(bytes.build(), packets.build());
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, long value) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    /**
     * The label sets of one address, made once and reused by every scrape while the address stays, and
     * its last data points, reused while its counters stand still (most addresses, most of the time).
     */
    private static final class LabelPair {
        private final Cidr cidr;
        private final String ip;
        private final Labels in;
        private final Labels out;
        private Traffic last;
        private GaugeSnapshot.GaugeDataPointSnapshot[] points;

        LabelPair(Cidr cidr, String hostname) {
            this.cidr = cidr;
            this.ip = cidr.toString();
            this.in = Labels.of("hostname", hostname, "ip", ip, "type", "INPUT");
            this.out = Labels.of("hostname", hostname, "ip", ip, "type", "OUTPUT");
        }

        String ip() {
            return ip;
        }

        /** bytes INPUT, bytes OUTPUT, packets INPUT, packets OUTPUT: sorted as the snapshot sorts them. */
        synchronized GaugeSnapshot.GaugeDataPointSnapshot[] points(Traffic traffic) {
            if (!traffic.equals(last)) {
                points = new GaugeSnapshot.GaugeDataPointSnapshot[]{point(in, traffic.inBytes()),
                        point(out, traffic.outBytes()), point(in, traffic.inPackets()), point(out, traffic.outPackets())};
                last = traffic;
            }
            return points;
        }
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(BYTES, PACKETS);
    }
}
