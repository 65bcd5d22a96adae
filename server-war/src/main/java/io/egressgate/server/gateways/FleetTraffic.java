package io.egressgate.server.gateways;

import io.egressgate.protocol.Counter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The traffic counters gateways report, re-exported under the seed's metric names so the whole
 * fleet can be scraped at the server. Gateways send running totals, so the newest value is kept.
 */
@ApplicationScoped
public class FleetTraffic {

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    private static final String REFUSED = "egressgate_traffic_series_refused";
    private final Map<Key, Counter> latest = new ConcurrentHashMap<>();
    /** Per destination, for the destinations whose counters are exported (so bounded the same way). */
    private final Map<String, TrafficHistory> history = new ConcurrentHashMap<>();

    private record Key(String hostname, String cidr) {
    }

    /**
     * (hostname, destination) pairs across the fleet whose counters are exported, four series each
     * ({@code max_traffic_destinations}): what gateways report can never grow /metrics without bound.
     * Past the cap new pairs are counted as refused, known ones keep updating.
     */
    @Inject
    @ConfigProperty(name = "egressgate.max_traffic_destinations", defaultValue = "50000")
    int maxDestinations;

    void record(String hostname, List<Counter> counters) {
        long now = System.currentTimeMillis();
        for (Counter counter : counters) {
            Key key = new Key(hostname, counter.cidr());
            Counter previous = latest.get(key);
            if (previous != null) {
                latest.put(key, counter);
                long grown = grown(previous, counter);
                if (grown > 0) {
                    history.computeIfAbsent(counter.cidr(), cidr -> new TrafficHistory()).add(now, grown);
                }
            } else if (latest.size() >= maxDestinations) {
                registry.counter(REFUSED).inc();
            } else if (latest.putIfAbsent(key, counter) == null) {
                register(key);
            }
        }
    }

    /** Bytes both ways since the previous report; a gateway that restarted counts from zero again. */
    private static long grown(Counter previous, Counter now) {
        long before = previous.outBytes() + previous.inBytes();
        long after = now.outBytes() + now.inBytes();
        return after >= before ? after - before : after;
    }

    /** Bytes both ways per minute over the last hour, summed over the destinations given and all gateways. */
    public Map<Long, Long> bytesPerMinute(Collection<String> cidrs) {
        Map<Long, Long> series = TrafficHistory.empty();
        long now = System.currentTimeMillis();
        cidrs.stream().distinct().map(history::get).filter(java.util.Objects::nonNull).forEach(h -> h.addTo(series, now));
        return series;
    }

    /** Removes every series of a gateway that may no longer report (its token was revoked). */
    void forget(String hostname) {
        latest.keySet().removeIf(key -> key.hostname().equals(hostname));
        registry.removeMatching((id, metric) -> id.getName().startsWith("iptables_")
                && hostname.equals(id.getTags().get("hostname")));
    }

    /** Removes the series of destinations taken off the allowlist, on every gateway. */
    void forgetDestinations(Collection<String> cidrs) {
        if (cidrs.isEmpty()) {
            return;
        }
        Set<String> gone = Set.copyOf(cidrs);
        history.keySet().removeAll(gone);
        if (latest.keySet().removeIf(key -> gone.contains(key.cidr()))) {
            registry.removeMatching((id, metric) -> id.getName().startsWith("iptables_")
                    && gone.contains(id.getTags().get("ip")));
        }
    }

    /** Top destinations by outbound bytes, across the fleet. */
    public List<Map.Entry<String, Long>> topByBytes(int limit) {
        Map<String, Long> byCidr = new java.util.HashMap<>();
        latest.forEach((key, c) -> byCidr.merge(key.cidr(), c.outBytes() + c.inBytes(), Long::sum));
        return byCidr.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit).toList();
    }

    private void register(Key key) {
        Tag host = new Tag("hostname", key.hostname());
        Tag ip = new Tag("ip", key.cidr());
        gauge("iptables_bytes_count", key, host, ip, "OUTPUT", c -> c.outBytes());
        gauge("iptables_bytes_count", key, host, ip, "INPUT", c -> c.inBytes());
        gauge("iptables_packets_count", key, host, ip, "OUTPUT", c -> c.outPackets());
        gauge("iptables_packets_count", key, host, ip, "INPUT", c -> c.inPackets());
    }

    private void gauge(String name, Key key, Tag host, Tag ip, String type,
                       java.util.function.ToLongFunction<Counter> field) {
        registry.gauge(name, this, self -> {
            Counter counter = self.latest.get(key);
            return counter == null ? 0L : field.applyAsLong(counter);
        }, host, ip, new Tag("type", type));
    }
}
