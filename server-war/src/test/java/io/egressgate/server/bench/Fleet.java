package io.egressgate.server.bench;

import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.MessageCodec;
import io.egressgate.protocol.ProtocolException;
import io.egressgate.protocol.Snapshot;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.ThreadPoolConfig;

/**
 * Many light gateways in one process: each says hello, takes its snapshot and then follows the
 * deltas, checking that every delta continues the previous one. They share one Tyrus container
 * (one selector and a small worker pool) — by default Tyrus gives every client its own threads.
 * Tyrus answers the server's pings by itself, so an idle member is never dropped as silent.
 */
final class Fleet implements AutoCloseable {

    private static final int CONNECTING_THREADS = 32;

    /** How members ack what they received. */
    enum Acks {
        /** never (the light client of issue 2) */
        NONE,
        /** every snapshot and every delta, as gateway-jar did before it coalesced its acks */
        EVERY,
        /** the newest revision at most every {@link #COALESCED_ACK_MILLIS}, as gateway-jar does */
        COALESCED;

        static Acks named(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    static final long COALESCED_ACK_MILLIS = 200;

    private final ClientManager client;
    private final Acks acks;
    private final ScheduledExecutorService ackTimer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "bench-fleet-acks");
        thread.setDaemon(true);
        return thread;
    });
    private ClientEndpointConfig config;
    private final List<Member> members = new ArrayList<>();
    private final AtomicInteger outOfOrder = new AtomicInteger();
    private final AtomicInteger droppedByServer = new AtomicInteger();
    private final AtomicInteger badFrames = new AtomicInteger();
    private volatile String lastCloseReason = "";
    private volatile Probe probe;
    private volatile boolean closing;

    Fleet(Acks acks) {
        this.acks = acks;
        client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        client.getProperties().put(ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT, 5);
        client.getProperties().put(ClientProperties.WORKER_THREAD_POOL_CONFIG,
                ThreadPoolConfig.defaultConfig().setCorePoolSize(4).setMaxPoolSize(4).setDaemon(true)
                        .setPoolName("bench-fleet"));
    }

    /** Connects {@code size} members; returns once every one of them holds its snapshot. */
    /**
     * Connects {@code size} members, {@code wave} at a time (each wave holding its snapshot before the
     * next starts); returns once every one of them holds its snapshot.
     */
    void connect(URI uri, String token, int size, int wave, String idPrefix, Duration timeout) throws Exception {
        config = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                headers.put("Authorization", List.of("Bearer " + token));
            }
        }).build();
        for (int from = 0; from < size; from += wave) {
            List<Member> joining = new ArrayList<>();
            for (int i = from; i < Math.min(size, from + wave); i++) {
                joining.add(new Member(members.size(), idPrefix + "-" + i));
                members.add(joining.get(joining.size() - 1));
            }
            connectAll(joining, uri, timeout);
        }
    }

    void connect(URI uri, String token, int size, String idPrefix, Duration timeout) throws Exception {
        connect(uri, token, size, size, idPrefix, timeout);
    }

    /** Every member closes its connection. */
    void leaveAll() throws java.io.IOException {
        for (Member member : members) {
            member.leave();
        }
    }

    /**
     * Every member comes back at once, as after a server restart: each says hello with the revision
     * it holds ({@code forget}: with none, so each needs the whole snapshot). Returns once every
     * member has its snapshot or first delta.
     */
    void reconnect(URI uri, boolean forget, Duration timeout) throws Exception {
        for (Member member : members) {
            if (forget) {
                member.epoch = null;
                member.revision = -1;
            }
        }
        connectAll(members, uri, timeout);
    }

    private void connectAll(List<Member> members, URI uri, Duration timeout) throws Exception {
        members.forEach(Member::arriving);
        ExecutorService connecting = Executors.newFixedThreadPool(CONNECTING_THREADS);
        try {
            List<Future<?>> connected = new ArrayList<>();
            for (Member member : members) {
                connected.add(connecting.submit(() -> {
                    client.connectToServer(member, config, uri);
                    member.send(new Hello(member.gatewayId, "bench-" + member.gatewayId, "bench", member.epoch,
                            member.revision < 0 ? null : member.revision));
                    return null;
                }));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<?> future : connected) {
                future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            for (Member member : members) {
                if (!member.synced.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException(member.gatewayId + " got no snapshot or delta within " + timeout
                            + "; dropped by server: " + droppedByServer + " (" + lastCloseReason + ")");
                }
            }
        } finally {
            connecting.shutdownNow();
        }
    }

    /** When each member got its snapshot or first delta on the last (re)connect, System.nanoTime. */
    long[] syncedAt() {
        return members.stream().mapToLong(m -> m.syncedAt).toArray();
    }

    /** Whether every member holds {@code revision}. */
    boolean allAt(long revision) {
        return members.stream().allMatch(m -> m.revision == revision);
    }

    int size() {
        return members.size();
    }

    /** From now on, records when each member receives a delta that adds {@code cidr}. */
    Probe watch(String cidr) {
        Probe next = new Probe(cidr, members.size());
        probe = next;
        return next;
    }

    int outOfOrder() {
        return outOfOrder.get();
    }

    int droppedByServer() {
        return droppedByServer.get();
    }

    int badFrames() {
        return badFrames.get();
    }

    String lastCloseReason() {
        return lastCloseReason;
    }

    @Override
    public void close() {
        closing = true;
        ackTimer.shutdownNow();
        for (Member member : members) {
            try {
                if (member.session != null && member.session.isOpen()) {
                    member.session.close();
                }
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    /** Arrival times (System.nanoTime) of one address at every member. */
    static final class Probe {
        final String cidr;
        final AtomicLongArray arrivals;
        final CountDownLatch pending;

        Probe(String cidr, int size) {
            this.cidr = cidr;
            this.arrivals = new AtomicLongArray(size);
            this.pending = new CountDownLatch(size);
        }

        void arrived(int member, long at) {
            if (arrivals.compareAndSet(member, 0, at)) {
                pending.countDown();
            }
        }

        boolean await(Duration timeout) throws InterruptedException {
            return pending.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private final class Member extends Endpoint {
        final int index;
        final String gatewayId;
        volatile CountDownLatch synced;
        volatile long syncedAt;
        volatile Session session;
        private volatile boolean leaving;
        // Tyrus delivers one session's messages one at a time; volatile for the thread hand-over.
        private volatile String epoch;
        private volatile long revision = -1;
        /** Coalesced acks: the newest revision not acked yet (-1: none), when the last ack went. */
        private long unacked = -1;
        private long ackedAt;
        private boolean ackScheduled;

        Member(int index, String gatewayId) {
            this.index = index;
            this.gatewayId = gatewayId;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            session.setMaxTextMessageBufferSize(64 * 1024 * 1024);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::received);
        }

        void arriving() {
            leaving = false;
            synced = new CountDownLatch(1);
        }

        void leave() throws java.io.IOException {
            leaving = true;
            session.close();
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            if (!closing && !leaving) {
                droppedByServer.incrementAndGet();
                lastCloseReason = gatewayId + ": " + reason;
            }
        }

        void send(GatewayMessage message) {
            session.getAsyncRemote().sendText(MessageCodec.encode(message));
        }

        private void received(String text) {
            GatewayMessage message;
            try {
                message = MessageCodec.decode(text);
            } catch (ProtocolException e) {
                badFrames.incrementAndGet();
                return;
            }
            long at = System.nanoTime();
            if (message instanceof Snapshot snapshot) {
                if (snapshot.part() == snapshot.parts()) {
                    epoch = snapshot.epoch();
                    revision = snapshot.revision();
                    synced();
                    ack(snapshot.revision(), snapshot.cidrs().size());
                }
            } else if (message instanceof Delta delta) {
                if (!delta.epoch().equals(epoch) || delta.fromRevision() != revision) {
                    outOfOrder.incrementAndGet();
                }
                revision = delta.toRevision();
                synced();
                Probe current = probe;
                if (current != null && delta.add().contains(current.cidr)) {
                    current.arrived(index, at);
                }
                ack(delta.toRevision(), delta.add().size() + delta.remove().size());
            }
        }

        private void synced() {
            if (synced.getCount() > 0) {
                syncedAt = System.nanoTime();
                synced.countDown();
            }
        }

        private void ack(long applied, int entries) {
            if (acks == Acks.EVERY) {
                send(new Ack(applied, entries, List.of(), 0));
            } else if (acks == Acks.COALESCED) {
                synchronized (this) {
                    unacked = applied;
                    long wait = ackedAt + TimeUnit.MILLISECONDS.toNanos(COALESCED_ACK_MILLIS) - System.nanoTime();
                    if (wait <= 0 && !ackScheduled) {
                        sendNewestAck();
                    } else if (!ackScheduled) {
                        ackScheduled = true;
                        ackTimer.schedule(this::sendNewestAck, wait, TimeUnit.NANOSECONDS);
                    }
                }
            }
        }

        private synchronized void sendNewestAck() {
            ackScheduled = false;
            if (unacked >= 0 && session.isOpen()) {
                send(new Ack(unacked, 0, List.of(), 0));
                unacked = -1;
                ackedAt = System.nanoTime();
            }
        }
    }
}
