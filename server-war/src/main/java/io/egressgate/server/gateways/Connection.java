package io.egressgate.server.gateways;

import io.egressgate.server.security.Caller;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Hello;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connected gateway as the hub sees it. Mutable state is touched only on the hub's sync
 * thread, except the in-flight counter, which send completions decrement, the hello allowance,
 * which the connection's own (serial) frame deliveries use, and the slots of frames waiting for
 * the sync thread.
 */
final class Connection {

    /**
     * Frames queued but not yet written; past this the gateway is too slow and is dropped. Room for a
     * snapshot of two million CIDRs in parts of 2,000; the bytes of all of them are bounded by the {@link SendBacklog}.
     */
    static final int MAX_IN_FLIGHT = 1024;
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

    Connection(Session session, Caller caller, SendBacklog backlog) {
        this.session = session;
        this.caller = caller;
        this.backlog = backlog;
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
    enum Refusal { NONE, GATEWAY_TOO_SLOW, SERVER_BACKLOG_FULL }

    /** Queues a frame, or says why not: this gateway is not keeping up, or all of them together are not. */
    Refusal send(String frame) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return Refusal.GATEWAY_TOO_SLOW;
        }
        long bytes = frame.length();
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
