package io.egressgate.server.it;

import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.MessageCodec;
import io.egressgate.protocol.ProtocolException;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;

/** A light gateway for tests: a real WebSocket client that records what the server sends. */
public final class TestGateway implements AutoCloseable {

    private static final ClientManager CLIENT = ClientManager.createClient();

    private final BlockingQueue<GatewayMessage> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final Session session;

    private TestGateway(URI uri, String token) throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                if (token != null) {
                    headers.put("Authorization", List.of("Bearer " + token));
                }
            }
        }).build();
        session = CLIENT.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig endpointConfig) {
                session.setMaxTextMessageBufferSize(64 * 1024 * 1024);
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    try {
                        received.add(MessageCodec.decode(text));
                    } catch (ProtocolException e) {
                        throw new IllegalStateException("server sent a bad frame: " + text, e);
                    }
                });
            }

            @Override
            public void onClose(Session session, CloseReason closeReason) {
                closed.complete(closeReason);
            }
        }, config, uri);
    }

    public static TestGateway connect(URI uri, String token) throws Exception {
        return new TestGateway(uri, token);
    }

    public void send(GatewayMessage message) throws Exception {
        sendText(MessageCodec.encode(message));
    }

    /** Any text, as a peer that does not follow the protocol would send it. */
    public void sendText(String text) throws Exception {
        session.getBasicRemote().sendText(text);
    }

    /** The next message of the given type; fails after the timeout. */
    public <T extends GatewayMessage> T next(Class<T> type, long timeoutSeconds) throws InterruptedException {
        GatewayMessage message = received.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no " + type.getSimpleName() + " within " + timeoutSeconds + " s");
        }
        if (!type.isInstance(message)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + message);
        }
        return type.cast(message);
    }

    public GatewayMessage poll(long timeoutMillis) throws InterruptedException {
        return received.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public CloseReason awaitClose(long timeoutSeconds) throws Exception {
        return closed.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() throws Exception {
        if (session.isOpen()) {
            session.close();
        }
    }
}
