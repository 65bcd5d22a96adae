package io.egressgate.server.gateways;

import io.egressgate.server.security.Caller;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.Writer;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Hello;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connected gateway as the hub sees it. Mutable state is touched only on the hub's sync
 * thread, except the in-flight counter, which send completions decrement, the hello allowance,
 * which the connection's own (serial) frame deliveries use, and the slots of frames waiting for
 * the sync thread.
 */
final class Connection {

    /**
     * A frame longer than this goes out as WebSocket fragments. Payara's HTTP layer (Grizzly's output
     * buffer) keeps a copy of the last write over its 8 KB buffer for as long as the connection lives:
     * one 10,000-address delta to a thousand gateways left hundreds of MB of copies behind. Shorter
     * frames, snapshot parts among them, go whole: fragments cost a write each, and a copy of up to
     * 64 KB a gateway is the lesser cost. Gateways reassemble fragments (RFC 6455).
     */
    static final int FRAGMENTED_ABOVE_CHARS = 64 * 1024;
    /** A fragment of ASCII JSON fits Grizzly's 8 KB buffer and is copied into it, not kept. */
    static final int FRAGMENT_CHARS = 7_000;

    /**
     * Frames queued but not yet written; past this the gateway is too slow and is dropped. Room for a
     * snapshot of two million CIDRs in parts of 300; the bytes of all of them are bounded by the {@link SendBacklog}.
     */
    static final int MAX_IN_FLIGHT = 8192;
    /**
     * A gateway says hello once per connection and again only to re-sync: three at once, then one a
     * second. Past 50 refused ones the peer is not a gateway and is disconnected.
     */
    static final int HELLO_BURST = 3;
    static final long HELLO_REFILL_MILLIS = 1_000;
    static final int REFUSED_HELLOS_ALLOWED = 50;
    /** A gateway batches what its forwarder learned into at most one frame a second. */
    static final long LEARNED_INTERVAL_MILLIS = 1_000;

    /**
     * A gateway sends what it denied in batches of at most 1,000 records: five at once (a backlog
     * after a reconnect), then one a second.
     */
    static final int DENIED_BURST = 5;
    static final long DENIED_REFILL_MILLIS = 1_000;

    final Session session;
    final Caller caller;
    private final SendBacklog backlog;
    private final SendBacklog fragmentedBacklog;
    final long openedAt = System.currentTimeMillis();
    final AtomicInteger inFlight = new AtomicInteger();
    volatile long lastHeard = System.currentTimeMillis();
    /** Written on the sync thread, read by learned frames on the connection's own thread. */
    volatile String gatewayId;
    /** Written on the sync thread, read by denied frames on the connection's own thread. */
    volatile String hostname;
    /** What the gateway's hello said it runs as: enforce or report. */
    volatile String mode;
    /** The epoch and revision the gateway will hold once it has applied everything sent so far; null before hello. */
    String sentEpoch;
    Long sentRevision;
    volatile Long ackedRevision;
    /** Frames waiting for the sync thread, one of each kind; a newer frame replaces a waiting one. */
    final AtomicReference<Hello> pendingHello = new AtomicReference<>();
    final AtomicReference<Ack> pendingAck = new AtomicReference<>();
    private final Allowance hellos = new Allowance(HELLO_BURST, HELLO_REFILL_MILLIS, openedAt);
    /** The newest ack not yet written to the registry; the hub writes them all once a second. */
    final AtomicReference<GatewayRegistry.Acked> unrecordedAck = new AtomicReference<>();
    private int refusedHellos;
    private long learnedAt = Long.MIN_VALUE;
    private final Allowance denials = new Allowance(DENIED_BURST, DENIED_REFILL_MILLIS, openedAt);
    /**
     * The bytes of the fragmented frame sent last, until the gateway is next heard from: fragments go out
     * without a completion, and anything the gateway sends after them says they are on their way.
     */
    private final AtomicLong unconfirmedFragments = new AtomicLong();

    /**
     * @param backlog           what all gateways' whole frames hold until written
     * @param fragmentedBacklog what all gateways' fragmented frames hold until each gateway is heard from
     *                          again: a bound of its own, so that a burst of long frames to a fast fleet,
     *                          counted that much longer, never refuses anyone (past it they go whole)
     */
    Connection(Session session, Caller caller, SendBacklog backlog, SendBacklog fragmentedBacklog) {
        this.session = session;
        this.caller = caller;
        this.backlog = backlog;
        this.fragmentedBacklog = fragmentedBacklog;
    }

    /** Takes one hello from the allowance, which refills at one a second up to the burst. */
    synchronized boolean mayHello(long now) {
        if (hellos.take(now)) {
            return true;
        }
        refusedHellos++;
        return false;
    }

    /** At most one learned frame a second; a refused one does not push the next one back. */
    synchronized boolean mayReportLearned(long now) {
        if (learnedAt != Long.MIN_VALUE && now - learnedAt < LEARNED_INTERVAL_MILLIS) {
            return false;
        }
        learnedAt = now;
        return true;
    }

    /** Takes one denied frame from the allowance, which refills at one a second up to the burst. */
    synchronized boolean mayReportDenied(long now) {
        return denials.take(now);
    }

    synchronized int refusedHellos() {
        return refusedHellos;
    }

    boolean synced() {
        return sentRevision != null;
    }

    /** Why a frame was not queued. */
    enum Refusal { NONE, GATEWAY_TOO_SLOW, SERVER_BACKLOG_FULL, CONNECTION_FAILED }

    /** Queues a frame, or says why not: this gateway is not keeping up, or all of them together are not. */
    Refusal send(String frame) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return Refusal.GATEWAY_TOO_SLOW;
        }
        long bytes = frame.length();
        // only the sync thread sends, so nothing else sets the slot between the look and the set
        if (bytes > FRAGMENTED_ABOVE_CHARS && unconfirmedFragments.get() == 0 && fragmentedBacklog.reserve(bytes)) {
            unconfirmedFragments.set(bytes);
            return sendInFragments(frame);
        }
        if (!backlog.reserve(bytes)) {
            inFlight.decrementAndGet();
            return Refusal.SERVER_BACKLOG_FULL;
        }
        ClassLoader context = plainContextClassLoader();
        try {
            session.getAsyncRemote().sendText(frame, (SendResult result) -> {
                inFlight.decrementAndGet();
                backlog.release(bytes);
            });
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            backlog.release(bytes);
            throw e;
        } finally {
            Thread.currentThread().setContextClassLoader(context);
        }
        return Refusal.NONE;
    }

    /**
     * Writes the frame as fragments through Tyrus's send writer, which queues each fragment without
     * waiting for it (a slow gateway never holds up the sync thread). Its bytes and its place in flight
     * stay counted until {@link #heard}; while they are, a second long frame goes out whole, and so does
     * one that would take the fragmented backlog past its bound.
     */
    private Refusal sendInFragments(String frame) {
        ClassLoader context = plainContextClassLoader();
        try (Writer fragments = session.getBasicRemote().getSendWriter()) {
            for (int from = 0; from < frame.length(); from += FRAGMENT_CHARS) {
                fragments.write(frame, from, Math.min(FRAGMENT_CHARS, frame.length() - from));
            }
        } catch (IOException | RuntimeException e) {
            // closed under our feet, most likely; the gateway starts over with hello
            confirmFragments();
            return Refusal.CONNECTION_FAILED;
        } finally {
            Thread.currentThread().setContextClassLoader(context);
        }
        return Refusal.NONE;
    }

    /** The gateway sent something: the fragments queued before it are written, or the connection is gone. */
    void heard() {
        lastHeard = System.currentTimeMillis();
        confirmFragments();
    }

    /** Counts the fragmented frame out; also when the connection closes. */
    void confirmFragments() {
        long bytes = unconfirmedFragments.getAndSet(0);
        if (bytes > 0) {
            inFlight.decrementAndGet();
            fragmentedBacklog.release(bytes);
        }
    }

    void ping() throws IOException {
        ClassLoader context = plainContextClassLoader();
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        } finally {
            Thread.currentThread().setContextClassLoader(context);
        }
    }

    /**
     * Tyrus re-arms a session's idle timer on every frame, as a task on Payara's managed scheduler,
     * and Payara captures each task's context with a ServiceLoader lookup of ThreadContextProviders
     * over the thread's context class loader. Under the web app's loader that lookup walks all of
     * Payara Micro's ~300 nested runtime jars: about 2 ms of CPU per frame, 2.3 s per delta to 1000
     * gateways (issue 2's benchmark). Neither the runtime nor this app provides a ThreadContextProvider,
     * so under the platform loader the lookup finds the same nothing almost for free. The timer task
     * does nothing either way: sessions have no idle timeout, the hub pings. Returns the loader to restore.
     */
    private static ClassLoader plainContextClassLoader() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        return previous;
    }
}
