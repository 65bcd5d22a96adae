package io.egressgate.gateway.sync;

import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Skipped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Acks at most one per interval on a connection. Every inbound frame costs the server CPU, so a
 * gateway that applies a burst of deltas says so once: the newest revision, with what the acks it
 * stands for applied and skipped. An ack after a quiet interval goes at once. Acks were always
 * cumulative (the server keeps the highest), so servers of any version read the paced ones.
 *
 * <p>Not thread-safe: the link's sync thread uses it.
 */
final class AckPacer {

    static final Duration INTERVAL = Duration.ofMillis(200);

    private final long intervalNanos;
    private Ack pending;
    private long sentAt;
    private boolean sentAny;
    private boolean flushScheduled;

    AckPacer(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Takes an ack; returns what to send now, or null when it waits for {@link #flush}. */
    Ack offer(Ack ack, long nowNanos) {
        pending = pending == null ? ack : merged(pending, ack);
        if (flushScheduled || (sentAny && nowNanos - sentAt < intervalNanos)) {
            return null;
        }
        return take(nowNanos);
    }

    /**
     * Whether the caller must schedule a {@link #flush} in {@link #waitNanos}: true once for each
     * waiting ack, so one timer serves a whole burst.
     */
    boolean needsFlush() {
        if (pending == null || flushScheduled) {
            return false;
        }
        flushScheduled = true;
        return true;
    }

    long waitNanos(long nowNanos) {
        return Math.max(0, sentAt + intervalNanos - nowNanos);
    }

    /** The waiting ack, or null when there is none. */
    Ack flush(long nowNanos) {
        flushScheduled = false;
        return pending == null ? null : take(nowNanos);
    }

    private Ack take(long nowNanos) {
        Ack ack = pending;
        pending = null;
        sentAt = nowNanos;
        sentAny = true;
        return ack;
    }

    private static Ack merged(Ack older, Ack newer) {
        List<Skipped> skipped = new ArrayList<>(older.skipped());
        skipped.addAll(newer.skipped());
        return new Ack(newer.revision(), older.applied() + newer.applied(), skipped,
                older.durationMs() + newer.durationMs());
    }
}
