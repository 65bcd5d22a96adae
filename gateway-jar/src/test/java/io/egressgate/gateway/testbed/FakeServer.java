package io.egressgate.gateway.testbed;

import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.MessageCodec;
import io.egressgate.protocol.ProtocolException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.server.Server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's side of the gateway protocol on a real Tyrus (Grizzly) WebSocket server on loopback:
 * checks the bearer token like the real server (close 1008 without it), records what the gateway sends
 * and lets the test send snapshots and deltas. One at a time per JVM (Tyrus creates the endpoint).
 */
public final class FakeServer implements AutoCloseable {

    private static volatile FakeServer current;

    public final BlockingQueue<GatewayMessage> received = new LinkedBlockingQueue<>();
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger refused = new AtomicInteger();
    private final String token;
    private final int port;
    private Server server;
    private volatile Session session;

    public FakeServer(String token, int port) {
        this.token = token;
        this.port = port;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FakeServer start() {
        current = this;
        server = new Server("127.0.0.1", port, "/", Map.of(), Endpoint.class);
        try {
            server.start();
        } catch (jakarta.websocket.DeploymentException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public String url() {
        return "ws://127.0.0.1:" + port + "/ws/gateway";
    }

    public int port() {
        return port;
    }

    public void send(GatewayMessage message) {
        Session open = session;
        if (open == null) {
            throw new IllegalStateException("no gateway connected");
        }
        try {
            open.getBasicRemote().sendText(MessageCodec.encode(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A one-part snapshot that says which gateway messages this server takes beyond hello, ack and stats
     * (e.g. {@code learned}, {@code denied}), as a protocol version 4 server does.
     */
    public void publish(String epoch, long revision, List<String> cidrs, List<String> accepts) {
        send(new io.egressgate.protocol.Snapshot(epoch, revision, cidrs, 1, 1, null, null, accepts));
    }

    /** Every message of the given type received so far, taken out of the queue; others stay. */
    @SuppressWarnings("unchecked")
    public <T extends GatewayMessage> List<T> take(Class<T> type) {
        List<T> taken = new java.util.ArrayList<>();
        received.removeIf(message -> {
            if (type.isInstance(message)) {
                taken.add((T) message);
                return true;
            }
            return false;
        });
        return taken;
    }

    /** The next message of the given type, skipping others (stats arrive whenever they like). */
    @SuppressWarnings("unchecked")
    public <T extends GatewayMessage> T next(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            GatewayMessage message = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (type.isInstance(message)) {
                return (T) message;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + "; still queued: " + List.copyOf(received));
    }

    public void dropConnection() throws IOException {
        Session open = session;
        if (open != null) {
            open.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "test drops the connection"));
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        session = null;
    }

    /** Hands the Authorization header from the handshake to the endpoint. */
    public static final class TokenCheck extends ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            List<String> authorization = request.getHeaders().get("Authorization");
            config.getUserProperties().put("authorization", authorization == null ? "" : authorization.get(0));
        }
    }

    @ServerEndpoint(value = "/ws/gateway", configurator = TokenCheck.class)
    public static final class Endpoint {

        @OnOpen
        public void open(Session session, EndpointConfig config) throws IOException {
            FakeServer server = current;
            if (!("Bearer " + server.token).equals(config.getUserProperties().get("authorization"))) {
                server.refused.incrementAndGet();
                session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "bad token"));
                return;
            }
            session.setMaxTextMessageBufferSize(64 * 1024 * 1024);
            server.session = session;
            server.connections.incrementAndGet();
        }

        @OnMessage
        public void message(String text) throws ProtocolException {
            current.received.add(MessageCodec.decode(text));
        }

        @OnClose
        public void close(Session session) {
            FakeServer server = current;
            if (server.session == session) {
                server.session = null;
            }
        }
    }
}
