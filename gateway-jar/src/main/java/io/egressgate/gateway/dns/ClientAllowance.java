package io.egressgate.gateway.dns;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-client query allowance: a burst of one second's worth, refilled continuously. Bounded in memory. */
final class ClientAllowance {

    private static final int MAX_CLIENTS = 65_536;

    private final int perSecond;
    private final Map<InetAddress, double[]> buckets = new ConcurrentHashMap<>();

    ClientAllowance(int perSecond) {
        this.perSecond = perSecond;
    }

    boolean take(InetAddress client, long nowMillis) {
        if (buckets.size() > MAX_CLIENTS) {
            buckets.clear(); // a spray of spoofed sources costs memory at most once
        }
        double[] bucket = buckets.computeIfAbsent(client, c -> new double[] {perSecond, nowMillis});
        synchronized (bucket) {
            bucket[0] = Math.min(perSecond, bucket[0] + (nowMillis - bucket[1]) * perSecond / 1000.0);
            bucket[1] = nowMillis;
            if (bucket[0] >= 1) {
                bucket[0] -= 1;
                return true;
            }
            return false;
        }
    }
}
