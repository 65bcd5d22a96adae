package io.egressgate.gateway.traffic;

import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.dataplane.Traffic;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Reads the kernel's counters at most once per {@code maxAge} (a scrape and a stats report close
 * together share one read) and keeps what it hands out monotonic: when the kernel's counters drop
 * (someone flushed the set and the gateway refilled it) the lost amount is carried as an offset, so
 * Prometheus never sees a counter reset that would show up as a spike in {@code increase()}.
 */
public final class TrafficReader implements Supplier<Map<Cidr, Traffic>> {

    private final Supplier<Map<Cidr, Traffic>> kernel;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private final Map<Cidr, Traffic> lastKernel = new HashMap<>();
    private final Map<Cidr, Traffic> offsets = new HashMap<>();
    private Map<Cidr, Traffic> cached;
    private long readAt;

    public TrafficReader(Supplier<Map<Cidr, Traffic>> kernel, Duration maxAge, LongSupplier clock) {
        this.kernel = kernel;
        this.maxAgeNanos = maxAge.toNanos();
        this.clock = clock;
    }

    public TrafficReader(Supplier<Map<Cidr, Traffic>> kernel, Duration maxAge) {
        this(kernel, maxAge, System::nanoTime);
    }

    @Override
    public synchronized Map<Cidr, Traffic> get() {
        long now = clock.getAsLong();
        if (cached != null && now - readAt < maxAgeNanos) {
            return cached;
        }
        Map<Cidr, Traffic> read = kernel.get();
        Map<Cidr, Traffic> result = new HashMap<>();
        for (Map.Entry<Cidr, Traffic> entry : read.entrySet()) {
            Cidr cidr = entry.getKey();
            Traffic now0 = entry.getValue();
            Traffic before = lastKernel.get(cidr);
            Traffic offset = offsets.getOrDefault(cidr, Traffic.ZERO);
            if (before != null) {
                offset = offset.plus(new Traffic(
                        lost(before.outBytes(), now0.outBytes()), lost(before.outPackets(), now0.outPackets()),
                        lost(before.inBytes(), now0.inBytes()), lost(before.inPackets(), now0.inPackets())));
            }
            if (offset.equals(Traffic.ZERO)) {
                offsets.remove(cidr); // almost every address: keep the map as small as the resets
            } else {
                offsets.put(cidr, offset);
            }
            lastKernel.put(cidr, now0);
            result.put(cidr, now0.plus(offset));
        }
        // an address that left the allowlist starts from zero if it ever comes back
        lastKernel.keySet().retainAll(read.keySet());
        offsets.keySet().retainAll(read.keySet());
        cached = Map.copyOf(result);
        readAt = now;
        return cached;
    }

    private static long lost(long before, long now) {
        return now < before ? before : 0;
    }
}
