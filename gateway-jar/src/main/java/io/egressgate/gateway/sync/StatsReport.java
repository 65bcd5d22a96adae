package io.egressgate.gateway.sync;

import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.dataplane.Traffic;
import io.egressgate.protocol.Counter;
import io.egressgate.protocol.Stats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code stats} messages of one connection. Counters are absolute totals; an address is
 * reported when its counters changed since the last report on this connection (all non-zero ones on
 * the first), so a quiet allowlist of 200,000 addresses does not send megabytes every 15 seconds.
 * Large reports are split into several messages.
 */
final class StatsReport {

    static final int MAX_PER_MESSAGE = 2000;

    private final Map<Cidr, Traffic> lastSent = new HashMap<>();

    List<Stats> next(Map<Cidr, Traffic> traffic) {
        List<Counter> changed = new ArrayList<>();
        traffic.entrySet().stream()
                .filter(e -> !e.getValue().equals(lastSent.getOrDefault(e.getKey(), Traffic.ZERO)))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    Traffic t = e.getValue();
                    changed.add(new Counter(e.getKey().toString(), t.outBytes(), t.outPackets(), t.inBytes(),
                            t.inPackets()));
                    lastSent.put(e.getKey(), t);
                });
        lastSent.keySet().retainAll(traffic.keySet());
        List<Stats> messages = new ArrayList<>();
        for (int from = 0; from < changed.size(); from += MAX_PER_MESSAGE) {
            messages.add(new Stats(changed.subList(from, Math.min(changed.size(), from + MAX_PER_MESSAGE))));
        }
        if (messages.isEmpty()) {
            messages.add(new Stats(List.of())); // nothing changed: still tells the server the gateway is alive
        }
        return messages;
    }
}
