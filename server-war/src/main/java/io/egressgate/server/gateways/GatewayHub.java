package io.egressgate.server.gateways;

import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.MessageCodec;
import io.egressgate.protocol.Snapshot;
import io.egressgate.protocol.Stats;
import io.egressgate.server.allowlist.Allowlist;
import io.egressgate.server.allowlist.Change;
import io.egressgate.server.allowlist.RevisionCommitted;
import io.egressgate.server.allowlist.Version;
import io.egressgate.server.entries.EntryRules;
import io.egressgate.server.security.Caller;
import io.egressgate.server.security.TokenStore.TokenRevoked;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Keeps every connected gateway up to date. All protocol decisions run on one sync thread, so
 * each gateway receives its snapshot and deltas strictly in revision order, and one encoded delta
 * goes to every gateway at the same revision. Sends are asynchronous: a slow gateway never holds
 * up the others or the API, and one that falls too far behind is dropped and re-syncs on reconnect.
 */
@ApplicationScoped
public class GatewayHub {

    static final long PING_INTERVAL_MILLIS = 10_000;
    static final int MISSED_PINGS_ALLOWED = 3;
    private static final Logger LOG = Logger.getLogger(GatewayHub.class.getName());

    @Inject
    Allowlist allowlist;

    @Inject
    GatewayRegistry registry;

    @Inject
    EntryRules rules;

    @Inject
    FleetTraffic traffic;

    @Inject
    @ConfigProperty(name = "egressgate.snapshot_part_size", defaultValue = "20000")
    int snapshotPartSize;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry metrics;

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicBoolean broadcastPending = new AtomicBoolean();
    private ScheduledExecutorService sync;

    @PostConstruct
    void start() {
        sync = Executors.newSingleThreadScheduledExecutor(threads);
        sync.scheduleWithFixedDelay(this::checkLiveness, PING_INTERVAL_MILLIS, PING_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        sync.shutdownNow();
    }

    /** Creates the hub at deployment, so its sync thread is ready before the first gateway. */
    void eager(@Observes @jakarta.enterprise.context.Initialized(ApplicationScoped.class) Object started) {
        // touching the bean is enough
    }

    void opened(Session session, Caller caller) {
        connections.put(session.getId(), new Connection(session, caller));
    }

    void closed(Session session) {
        connections.remove(session.getId());
    }

    /** Counts a frame refused from a gateway, by why: what a peer that lies tried shows on /metrics. */
    void refused(String reason) {
        metrics.counter("egressgate_gateway_frames_refused", new Tag("reason", reason)).inc();
    }

    void heard(Session session) {
        Connection connection = connections.get(session.getId());
        if (connection != null) {
            connection.lastHeard = System.currentTimeMillis();
        }
    }

    void hello(Session session, Hello hello) {
        heard(session);
        onSyncThread(session, connection -> greet(connection, hello));
    }

    void ack(Session session, Ack ack) {
        heard(session);
        onSyncThread(session, connection -> {
            if (connection.gatewayId == null) {
                GatewayEndpoint.close(session, CloseCodes.CANNOT_ACCEPT, "ack before hello");
                return;
            }
            if (connection.sentRevision == null || ack.revision() > connection.sentRevision) {
                // A gateway can only have applied what it was sent; a higher ack would fake "in sync, lag 0".
                refused("ack_of_unsent_revision");
                LOG.warning(() -> "ignoring an ack of revision " + ack.revision() + " from gateway "
                        + connection.gatewayId + ": the highest revision sent to it is " + connection.sentRevision);
                return;
            }
            connection.ackedRevision = ack.revision();
            registry.acked(connection.gatewayId, connection.sentEpoch, ack.revision(), ack.durationMs(),
                    ack.skipped().size());
        });
    }

    void stats(Session session, Stats stats) {
        heard(session);
        Connection connection = connections.get(session.getId());
        if (connection != null && connection.hostname != null) {
            traffic.record(connection.hostname, stats.counters());
        }
    }

    /** Runs after the transaction that wrote the revision has committed. */
    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) RevisionCommitted event) {
        if (broadcastPending.compareAndSet(false, true)) {
            sync.execute(this::broadcast);
        }
    }

    void revoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) TokenRevoked event) {
        sync.execute(() -> connections.values().stream()
                .filter(c -> c.caller.tokenId() == event.tokenId())
                .forEach(c -> {
                    GatewayEndpoint.close(c.session, CloseCodes.VIOLATED_POLICY, "token revoked");
                    if (c.hostname != null) {
                        traffic.forget(c.hostname);
                    }
                }));
    }

    /** What the API and metrics show about live connections. */
    public Collection<LiveGateway> live() {
        return connections.values().stream().filter(c -> c.gatewayId != null)
                .map(c -> new LiveGateway(c.gatewayId, c.hostname, c.ackedRevision, c.openedAt)).toList();
    }

    public record LiveGateway(String gatewayId, String hostname, Long ackedRevision, long connectedSince) {
    }

    private void onSyncThread(Session session, java.util.function.Consumer<Connection> task) {
        sync.execute(() -> {
            Connection connection = connections.get(session.getId());
            if (connection == null) {
                return;
            }
            try {
                task.accept(connection);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "gateway sync failed; dropping the connection so it starts over", e);
                GatewayEndpoint.close(session, CloseCodes.UNEXPECTED_CONDITION, "server error");
            }
        });
    }

    private void greet(Connection connection, Hello hello) {
        if (blank(hello.gatewayId()) || hello.gatewayId().length() > 100 || blank(hello.hostname())) {
            GatewayEndpoint.close(connection.session, CloseCodes.CANNOT_ACCEPT, "hello needs gatewayId (<= 100 chars) and hostname");
            return;
        }
        if (connection.gatewayId != null && !connection.gatewayId.equals(hello.gatewayId())) {
            GatewayEndpoint.close(connection.session, CloseCodes.VIOLATED_POLICY, "a connection speaks for one gateway");
            return;
        }
        // the registry decides first: a refused hello must not close the rightful connection
        if (!registry.hello(hello.gatewayId(), hello.hostname(), hello.version(), connection.caller,
                hello.epoch(), hello.revision())) {
            LOG.warning(() -> "refused gateway id " + hello.gatewayId() + " from token '" + connection.caller.name()
                    + "': it belongs to another token");
            GatewayEndpoint.close(connection.session, CloseCodes.VIOLATED_POLICY,
                    "gateway id belongs to another token");
            return;
        }
        connections.values().stream()
                .filter(other -> other != connection && hello.gatewayId().equals(other.gatewayId))
                .forEach(other -> GatewayEndpoint.close(other.session, CloseCodes.VIOLATED_POLICY,
                        "replaced by a newer connection of the same gateway"));
        connection.gatewayId = hello.gatewayId();
        connection.hostname = hello.hostname();
        connection.ackedRevision = hello.revision();
        Version current = allowlist.current();
        if (current.epoch().equals(hello.epoch()) && hello.revision() != null) {
            Optional<Change> change = allowlist.changesSince(new Version(hello.epoch(), hello.revision()), current.revision());
            if (change.isPresent()) {
                sendDelta(List.of(connection), change.get());
                return;
            }
        }
        sendSnapshot(connection);
    }

    private void broadcast() {
        broadcastPending.set(false);
        Version current = allowlist.current();
        Map<Version, List<Connection>> behind = connections.values().stream()
                .filter(c -> c.synced() && (!current.epoch().equals(c.sentEpoch) || c.sentRevision < current.revision()))
                .collect(Collectors.groupingBy(c -> new Version(c.sentEpoch, c.sentRevision)));
        behind.forEach((from, group) -> {
            Optional<Change> change = allowlist.changesSince(from, current.revision());
            if (change.isPresent()) {
                sendDelta(group, change.get());
            } else {
                group.forEach(this::sendSnapshot);
            }
        });
    }

    private void sendDelta(List<Connection> group, Change change) {
        String frame = MessageCodec.encode(new Delta(change.from().epoch(), change.from().revision(),
                change.toRevision(), change.add(), change.remove(), rules.forGateways()));
        for (Connection connection : group) {
            if (deliver(connection, frame)) {
                connection.sentEpoch = change.from().epoch();
                connection.sentRevision = change.toRevision();
            }
        }
    }

    private void sendSnapshot(Connection connection) {
        Allowlist.Snapshot snapshot = allowlist.snapshot();
        Version version = snapshot.version();
        List<Snapshot> parts = Snapshot.split(version.epoch(), version.revision(), snapshot.cidrs(),
                Math.max(1, snapshotPartSize), rules.forGateways());
        for (Snapshot part : parts) {
            if (!deliver(connection, MessageCodec.encode(part))) {
                return;
            }
        }
        connection.sentEpoch = version.epoch();
        connection.sentRevision = version.revision();
    }

    private boolean deliver(Connection connection, String frame) {
        if (!connection.session.isOpen()) {
            connections.remove(connection.session.getId());
            return false;
        }
        if (!connection.send(frame)) {
            LOG.warning(() -> "gateway " + connection.gatewayId + " is not keeping up; dropping it to re-sync");
            GatewayEndpoint.close(connection.session, CloseCodes.TRY_AGAIN_LATER, "too slow; reconnect and re-sync");
            connections.remove(connection.session.getId());
            return false;
        }
        return true;
    }

    /** Pings everyone; drops a peer that has been silent for three intervals. */
    private void checkLiveness() {
        long now = System.currentTimeMillis();
        for (Connection connection : new ArrayList<>(connections.values())) {
            if (now - connection.lastHeard > MISSED_PINGS_ALLOWED * PING_INTERVAL_MILLIS) {
                LOG.info(() -> "gateway " + connection.gatewayId + " silent for " + (now - connection.lastHeard)
                        + " ms; dropping it");
                GatewayEndpoint.close(connection.session, CloseCodes.GOING_AWAY, "no pong");
                connections.remove(connection.session.getId());
                continue;
            }
            try {
                connection.ping();
            } catch (IOException | IllegalStateException e) {
                connections.remove(connection.session.getId());
            }
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
