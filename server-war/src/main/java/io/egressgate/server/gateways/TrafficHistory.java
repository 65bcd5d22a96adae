package io.egressgate.server.gateways;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes one destination moved per minute over the last hour, across the fleet: what the
 * charts draw. Gateways report running totals; what grew between two reports of one gateway is
 * added to the minute the later report arrived in. Kept in memory, sixty longs a destination.
 */
final class TrafficHistory {

    static final int MINUTES = 60;
    private static final long MINUTE = 60_000;

    private final long[] bytes = new long[MINUTES];
    private final long[] minuteOf = new long[MINUTES];

    synchronized void add(long nowMillis, long grown) {
        long minute = nowMillis / MINUTE;
        int slot = (int) Math.floorMod(minute, (long) MINUTES);
        if (minuteOf[slot] != minute) {
            minuteOf[slot] = minute;
            bytes[slot] = 0;
        }
        bytes[slot] += grown;
    }

    /** Adds this destination's minutes of the last hour before {@code nowMillis} to {@code into}, by minute start. */
    synchronized void addTo(Map<Long, Long> into, long nowMillis) {
        long current = nowMillis / MINUTE;
        for (int slot = 0; slot < MINUTES; slot++) {
            if (bytes[slot] > 0 && current - minuteOf[slot] < MINUTES) {
                into.merge(minuteOf[slot] * MINUTE, bytes[slot], Long::sum);
            }
        }
    }

    static Map<Long, Long> empty() {
        return new LinkedHashMap<>();
    }
}
