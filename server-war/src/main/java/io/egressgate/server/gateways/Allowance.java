package io.egressgate.server.gateways;

/**
 * How many frames of one kind a connection may send: a burst at once, then one per refill
 * interval (a token bucket). Not thread-safe: its connection synchronises.
 */
final class Allowance {

    private final int burst;
    private final long refillMillis;
    private double tokens;
    private long at;

    Allowance(int burst, long refillMillis, long now) {
        this.burst = burst;
        this.refillMillis = refillMillis;
        this.tokens = burst;
        this.at = now;
    }

    /** Takes one frame's worth; false when the allowance is spent. */
    boolean take(long now) {
        tokens = Math.min(burst, tokens + (now - at) / (double) refillMillis);
        at = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
