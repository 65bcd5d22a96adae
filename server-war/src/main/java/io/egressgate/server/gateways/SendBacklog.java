package io.egressgate.server.gateways;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes queued for all gateways together and not yet written. Each connection's own bound counts
 * frames, and a frame may be a 400 kB snapshot part: a thousand slow gateways within their own bounds
 * could still fill the heap. Past this bound a send is refused and the hub asks that gateway to
 * reconnect later; the gateway keeps enforcing what it has (fail static) and the backlog drains.
 * <p>
 * A frame is counted by its length in chars: the frames are JSON of addresses and punycode names,
 * so chars and UTF-8 bytes are the same but for an odd non-ASCII character in a policy text.
 */
final class SendBacklog {

    /** A quarter of the heap: the rest is the server's own. */
    static final long DEFAULT_LIMIT = Runtime.getRuntime().maxMemory() / 4;

    private final long limit;
    private final AtomicLong queued = new AtomicLong();

    SendBacklog(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("send backlog limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    /**
     * Counts {@code bytes} in when they fit under the limit. A frame is always taken while nothing is
     * queued, so that one frame larger than the limit can still go out, alone.
     */
    boolean reserve(long bytes) {
        long after = queued.addAndGet(bytes);
        if (after > limit && after != bytes) {
            queued.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Counts {@code bytes} out once written, or once the write failed. */
    void release(long bytes) {
        queued.addAndGet(-bytes);
    }

    long queued() {
        return queued.get();
    }

    long limit() {
        return limit;
    }
}
