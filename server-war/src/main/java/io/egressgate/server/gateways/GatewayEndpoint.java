package io.egressgate.server.gateways;

import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Denied;
import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Learned;
import io.egressgate.protocol.MessageCodec;
import io.egressgate.protocol.ProtocolException;
import io.egressgate.protocol.Stats;
import io.egressgate.server.security.Caller;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code /ws/gateway}: thin; every decision is the hub's. */
@ServerEndpoint(value = "/ws/gateway", configurator = GatewayHandshake.class)
public class GatewayEndpoint {

    private static final Logger LOG = Logger.getLogger(GatewayEndpoint.class.getName());
    /**
     * A gateway sends hellos, acks, stats of at most 2,000 counters (about 0.3 MB) and learned frames of
     * at most 1,000 addresses (at most about 0.3 MB with the longest names) and denied frames of at most
     * 1,000 records (about 0.4 MB with the longest names and IPv6 addresses); anything bigger is
     * not a gateway: with maxMessageSize the container closes such a connection with 1009.
     */
    static final int MAX_INBOUND_FRAME = 1024 * 1024;

    @Inject
    GatewayHub hub;

    @OnOpen
    public void open(Session session) {
        Object caller = session.getUserProperties().get(GatewayHandshake.CALLER);
        if (!(caller instanceof Caller gateway)) {
            Object reason = session.getUserProperties().getOrDefault(GatewayHandshake.DENIED, "no bearer token");
            LOG.info(() -> "refused a gateway connection: " + reason);
            close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "unauthorized: " + reason);
            return;
        }
        session.setMaxTextMessageBufferSize(MAX_INBOUND_FRAME);
        if (!session.isSecure()) {
            LOG.info(() -> "gateway token '" + gateway.name() + "' connected over plain ws:// (unencrypted; use wss:// in production)");
        }
        hub.opened(session, gateway);
        // after the hub moved the session's idle timer off Payara's managed scheduler: setting the
        // timeout re-arms that timer, and on the managed scheduler it costs a context capture
        session.setMaxIdleTimeout(0); // the hub pings and drops the silent
    }

    @OnMessage(maxMessageSize = MAX_INBOUND_FRAME)
    public void message(Session session, String text) {
        GatewayMessage message;
        try {
            message = MessageCodec.decode(text);
        } catch (ProtocolException e) {
            hub.refused("malformed");
            close(session, CloseReason.CloseCodes.CANNOT_ACCEPT, "bad frame: " + e.getMessage());
            return;
        }
        if (message instanceof Hello hello) {
            hub.hello(session, hello);
        } else if (message instanceof Ack ack) {
            hub.ack(session, ack);
        } else if (message instanceof Stats stats) {
            hub.stats(session, stats);
        } else if (message instanceof Learned learned) {
            hub.learned(session, learned);
        } else if (message instanceof Denied denied) {
            hub.denied(session, denied);
        } else {
            hub.refused("not_sent_by_gateways");
            close(session, CloseReason.CloseCodes.CANNOT_ACCEPT, "gateways do not send " + message.type());
        }
    }

    @OnMessage
    public void pong(Session session, PongMessage pong) {
        hub.heard(session);
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        hub.closed(session);
    }

    @OnError
    public void failed(Session session, Throwable error) {
        LOG.log(Level.FINE, "gateway connection failed", error);
        hub.closed(session);
    }

    static void close(Session session, CloseReason.CloseCode code, String reason) {
        try {
            // a close reason must fit in a control frame (123 bytes)
            session.close(new CloseReason(code, reason.length() > 120 ? reason.substring(0, 120) : reason));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "closing a gateway connection failed", e);
        }
    }
}
