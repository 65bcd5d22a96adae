package io.egressgate.server.bench;

import java.util.Arrays;
import java.util.Locale;

/** A set of measured durations and its percentiles (nearest rank), in milliseconds. */
final class Latencies {

    private long[] nanos = new long[64];
    private int count;

    void add(long durationNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = durationNanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.count; i++) {
            add(other.nanos[i]);
        }
    }

    int count() {
        return count;
    }

    Summary summary() {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new Summary(count, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
                count == 0 ? Double.NaN : sorted[count - 1] / 1e6);
    }

    private static double rank(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    record Summary(int count, double p50, double p95, double p99, double max) {
        String columns() {
            return String.format(Locale.ROOT, "%9.1f %9.1f %9.1f %9.1f", p50, p95, p99, max);
        }

        static String header() {
            return String.format(Locale.ROOT, "%9s %9s %9s %9s", "p50 ms", "p95 ms", "p99 ms", "max ms");
        }
    }
}
