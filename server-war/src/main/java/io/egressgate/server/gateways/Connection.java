package io.egressgate.server.gateways;

import io.egressgate.server.security.Caller;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connected gateway as the hub sees it. Mutable state is touched only on the hub's sync
 * thread, except the in-flight counter, which send completions decrement.
 */
final class Connection {

    /** Frames queued but not yet written; past this the gateway is too slow and is dropped. */
    static final int MAX_IN_FLIGHT = 256;

    final Session session;
    final Caller caller;
    final long openedAt = System.currentTimeMillis();
    final AtomicInteger inFlight = new AtomicInteger();
    volatile long lastHeard = System.currentTimeMillis();
    String gatewayId;
    String hostname;
    /** The epoch and revision the gateway will hold once it has applied everything sent so far; null before hello. */
    String sentEpoch;
    Long sentRevision;
    volatile Long ackedRevision;

    Connection(Session session, Caller caller) {
        this.session = session;
        this.caller = caller;
    }

    boolean synced() {
        return sentRevision != null;
    }

    /** Queues a frame; false when the gateway is not keeping up. */
    boolean send(String frame) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return false;
        }
        session.getAsyncRemote().sendText(frame, (SendResult result) -> inFlight.decrementAndGet());
        return true;
    }
}
