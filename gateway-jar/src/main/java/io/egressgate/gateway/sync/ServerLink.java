package io.egressgate.gateway.sync;

import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.dataplane.Traffic;
import io.egressgate.failures.Causes;
import io.egressgate.protocol.Denied;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.MessageCodec;
import io.egressgate.protocol.ProtocolException;
import io.egressgate.protocol.Learned;
import io.egressgate.protocol.LearnedAddress;
import io.egressgate.protocol.Stats;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket connection to the server, kept up forever: servers are tried in turn, a round in which
 * none answered is followed by a backoff wait, and a connection whose peer stays silent for three ping
 * intervals is dropped and replaced. Messages are handed to the {@link Synchronizer} on one thread of
 * their own, so applying a large snapshot never holds up the socket (or its pongs); whatever queued
 * up meanwhile is handed over together, so a burst of deltas is applied as one. Acks are paced
 * ({@link AckPacer}).
 */
public final class ServerLink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServerLink.class.getName());
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    /** At most this many queued messages are applied together; the rest follow in the next round. */
    static final int MAX_MESSAGES_TOGETHER = 10_000;
    static final long LEARNED_REPORT_MILLIS = 1_000;
    /**
     * How often waiting denied-connection frames are looked for, and how many go at most each time:
     * a server takes one a second per connection (after a burst of five) and ignores more, so a
     * backlog drains a little slower than that, up to 1,000 records a frame.
     */
    static final long DENIED_REPORT_MILLIS = 1_200;
    static final int DENIED_FRAMES_PER_REPORT = 1;

    private final LinkSettings settings;
    private final Synchronizer synchronizer;
    private final Supplier<Map<Cidr, Traffic>> traffic;
    private final SyncListener listener;
    private final LearnedReports learned;
    private final DeniedReports denied;
    private final ExecutorService syncThread = Executors.newSingleThreadExecutor(named("sync"));
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, named("link-timers"));
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Object sendLock = new Object();
    private final ClientManager client;
    private Thread loop;
    private volatile CompletableFuture<String> currentClosed;

    public ServerLink(LinkSettings settings, Synchronizer synchronizer, Supplier<Map<Cidr, Traffic>> traffic,
                      SyncListener listener) {
        this(settings, synchronizer, traffic, listener, LearnedReports.NONE);
    }

    public ServerLink(LinkSettings settings, Synchronizer synchronizer, Supplier<Map<Cidr, Traffic>> traffic,
                      SyncListener listener, LearnedReports learned) {
        this(settings, synchronizer, traffic, listener, learned, DeniedReports.NONE);
    }

    public ServerLink(LinkSettings settings, Synchronizer synchronizer, Supplier<Map<Cidr, Traffic>> traffic,
                      SyncListener listener, LearnedReports learned, DeniedReports denied) {
        this.denied = denied;
        this.settings = settings;
        this.synchronizer = synchronizer;
        this.traffic = traffic;
        this.listener = listener;
        this.learned = learned;
        this.client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, settings.handshakeTimeout().toMillis());
        client.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, MAX_MESSAGE_BYTES);
        if (settings.ssl() != null) {
            SslEngineConfigurator ssl = new SslEngineConfigurator(settings.ssl(), true, false, false);
            ssl.setHostVerificationEnabled(true);
            client.getProperties().put(ClientProperties.SSL_ENGINE_CONFIGURATOR, ssl);
        }
    }

    public void start() {
        loop = new Thread(this::connectForever, "server-link");
        loop.setDaemon(true);
        loop.start();
    }

    private void connectForever() {
        List<URI> servers = settings.servers();
        int index = 0;
        int failures = 0;
        while (running.get()) {
            URI server = servers.get(index % servers.size());
            boolean heard = session(server);
            if (heard) {
                failures = 0;
            } else {
                failures++;
                index++;
            }
            if (failures % servers.size() != 0) {
                continue; // another server still untried in this round
            }
            Duration wait = settings.backoff().delay(Math.max(0, failures / servers.size() - 1));
            LOG.info(() -> "reconnecting in " + wait.toMillis() + " ms");
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One connection, from handshake to close; true if the server sent anything on it. */
    private boolean session(URI server) {
        CompletableFuture<String> closed = new CompletableFuture<>();
        AtomicLong lastHeard = new AtomicLong(System.nanoTime());
        AtomicBoolean heard = new AtomicBoolean();
        StatsReport stats = new StatsReport();
        AckPacer acks = new AckPacer(AckPacer.INTERVAL);
        Session session;
        try {
            session = client.connectToServer(new GatewayEndpoint(closed, lastHeard, heard, acks), config(), server);
        } catch (Exception e) {
            LOG.warning(() -> "cannot connect to " + server + ": " + rootMessage(e));
            return false;
        }
        currentClosed = closed;
        listener.connected(server.toString());
        LOG.info(() -> "connected to " + server);
        long pingNanos = settings.pingInterval().toNanos();
        ScheduledFuture<?> pinger = timers.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastHeard.get() > 3 * pingNanos) {
                closed.complete("no answer for three ping intervals");
                return;
            }
            try {
                synchronized (sendLock) {
                    session.getBasicRemote().sendPing(ByteBuffer.wrap("egress-gate".getBytes(StandardCharsets.US_ASCII)));
                }
            } catch (IOException | RuntimeException e) {
                closed.complete("ping failed: " + e.getMessage());
            }
        }, pingNanos, pingNanos, TimeUnit.NANOSECONDS);
        long statsMillis = settings.statsInterval().toMillis();
        ScheduledFuture<?> reporter = timers.scheduleAtFixedRate(() -> syncThread.execute(() -> {
            if (!closed.isDone()) {
                try {
                    for (Stats message : stats.next(traffic.get())) {
                        send(session, message, closed);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot report traffic", e);
                }
            }
        }), statsMillis, statsMillis, TimeUnit.MILLISECONDS);
        // at most one learned frame a second, and only to a server that said it takes them
        ScheduledFuture<?> learnedReporter = timers.scheduleAtFixedRate(() -> syncThread.execute(() -> {
            if (!closed.isDone() && synchronizer.serverTakesLearned()) {
                try {
                    List<LearnedAddress> addresses = learned.next(Learned.MAX_ADDRESSES);
                    if (!addresses.isEmpty()) {
                        send(session, new Learned(addresses), closed);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot report learned addresses", e);
                }
            }
        }), LEARNED_REPORT_MILLIS, LEARNED_REPORT_MILLIS, TimeUnit.MILLISECONDS);
        // denied connections, like learned addresses, only to a server that said it takes them; until then
        // (and while no server is there) they wait in the state directory
        ScheduledFuture<?> deniedReporter = timers.scheduleWithFixedDelay(() -> syncThread.execute(() -> {
            for (int frames = 0; frames < DENIED_FRAMES_PER_REPORT && !closed.isDone()
                    && synchronizer.serverTakesDenied(); frames++) {
                if (!sendDenied(session, closed)) {
                    break;
                }
            }
        }), DENIED_REPORT_MILLIS, DENIED_REPORT_MILLIS, TimeUnit.MILLISECONDS);
        syncThread.execute(() -> send(session, synchronizer.hello(), closed));
        String why;
        try {
            why = closed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "gateway stopping";
        } catch (ExecutionException e) {
            why = rootMessage(e);
        }
        pinger.cancel(false);
        reporter.cancel(false);
        learnedReporter.cancel(false);
        deniedReporter.cancel(false);
        closeQuietly(session, why);
        String reason = why;
        LOG.warning(() -> "disconnected from " + server + ": " + reason);
        listener.disconnected(server.toString(), reason);
        return heard.get();
    }

    /** Applies what has queued up in {@code inbox}, at most {@link #MAX_MESSAGES_TOGETHER} at a time. */
    private void handle(Queue<String> inbox, AckPacer acks, Session session, CompletableFuture<String> closed) {
        if (closed.isDone()) {
            inbox.clear();
            return; // from a connection already given up; the next one starts with hello
        }
        List<GatewayMessage> messages = new ArrayList<>();
        String text;
        while (messages.size() < MAX_MESSAGES_TOGETHER && (text = inbox.poll()) != null) {
            try {
                messages.add(MessageCodec.decode(text));
            } catch (ProtocolException e) {
                LOG.warning(() -> "ignoring a message the gateway does not understand: " + e.getMessage());
            }
        }
        if (messages.isEmpty()) {
            return;
        }
        try {
            for (GatewayMessage reply : synchronizer.receiveAll(messages)) {
                if (reply instanceof Ack ack) {
                    sendPaced(ack, acks, session, closed);
                } else {
                    send(session, reply, closed);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "applying " + messages.get(0).type() + (messages.size() > 1 ? " and the "
                    + (messages.size() - 1) + " messages after it" : "") + " failed; reconnecting so the server sends it again", e);
            closed.complete("apply failed: " + e.getMessage());
        }
    }

    /** Sends one waiting frame; false when none waited or it could not be sent (it then waits on). */
    private boolean sendDenied(Session session, CompletableFuture<String> closed) {
        Denied frame;
        try {
            frame = denied.next();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read the waiting denied-connection records", e);
            return false;
        }
        if (frame == null) {
            return false;
        }
        if (send(session, frame, closed)) {
            denied.delivered(frame);
            return true;
        }
        denied.returned(frame);
        return false;
    }

    private void sendPaced(Ack ack, AckPacer acks, Session session, CompletableFuture<String> closed) {
        Ack now = acks.offer(ack, System.nanoTime());
        if (now != null) {
            send(session, now, closed);
        } else if (acks.needsFlush()) {
            timers.schedule(() -> syncThread.execute(() -> {
                Ack due = acks.flush(System.nanoTime());
                if (due != null && !closed.isDone()) {
                    send(session, due, closed);
                }
            }), acks.waitNanos(System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private boolean send(Session session, GatewayMessage message, CompletableFuture<String> closed) {
        try {
            synchronized (sendLock) {
                session.getBasicRemote().sendText(MessageCodec.encode(message));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            closed.complete("sending " + message.type() + " failed: " + e.getMessage());
            return false;
        }
    }

    private ClientEndpointConfig config() {
        String token = readToken();
        return ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                if (token != null) {
                    headers.put("Authorization", List.of("Bearer " + token));
                }
            }
        }).build();
    }

    private String readToken() {
        if (settings.tokenFile() == null) {
            return null;
        }
        try {
            String token = Files.readString(settings.tokenFile()).strip();
            return token.isEmpty() ? null : token;
        } catch (IOException e) {
            LOG.warning(() -> "cannot read the token file " + settings.tokenFile() + ": " + e.getMessage()
                    + "; connecting without a token (the server will refuse)");
            return null;
        }
    }

    private static void closeQuietly(Session session, String why) {
        try {
            if (session.isOpen()) {
                String phrase = why.length() > 100 ? why.substring(0, 100) : why;
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, phrase));
            }
        } catch (IOException | RuntimeException e) {
            // the connection is already gone; nothing to tell the peer
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = Causes.root(e);
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        running.set(false);
        CompletableFuture<String> closed = currentClosed;
        if (closed != null) {
            closed.complete("gateway stopping");
        }
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timers.shutdownNow();
        syncThread.shutdown();
        try {
            syncThread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdown();
    }

    /** Tyrus callbacks of one connection. */
    private final class GatewayEndpoint extends Endpoint {
        private final CompletableFuture<String> closed;
        private final AtomicLong lastHeard;
        private final AtomicBoolean heard;
        private final AckPacer acks;
        private final Queue<String> inbox = new ConcurrentLinkedQueue<>();

        GatewayEndpoint(CompletableFuture<String> closed, AtomicLong lastHeard, AtomicBoolean heard, AckPacer acks) {
            this.closed = closed;
            this.lastHeard = lastHeard;
            this.heard = heard;
            this.acks = acks;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(MAX_MESSAGE_BYTES);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                lastHeard.set(System.nanoTime());
                heard.set(true);
                inbox.add(text);
                // one task per message, as before; a task finding the inbox emptied by an earlier one returns at once
                syncThread.execute(() -> handle(inbox, acks, session, closed));
            });
            session.addMessageHandler(PongMessage.class,
                    (MessageHandler.Whole<PongMessage>) pong -> lastHeard.set(System.nanoTime()));
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            closed.complete("closed by the server: " + reason.getCloseCode().getCode()
                    + (reason.getReasonPhrase().isEmpty() ? "" : " " + reason.getReasonPhrase()));
        }

        @Override
        public void onError(Session session, Throwable error) {
            closed.complete("connection error: " + rootMessage(error));
        }
    }
}
