package io.egressgate.server.gateways;

import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.Denied;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Learned;
import io.egressgate.protocol.MessageCodec;
import io.egressgate.protocol.Snapshot;
import io.egressgate.protocol.Stats;
import io.egressgate.server.allowlist.Allowlist;
import io.egressgate.server.allowlist.Change;
import io.egressgate.server.allowlist.RevisionCommitted;
import io.egressgate.server.allowlist.Version;
import io.egressgate.server.denied.DeniedIntake;
import io.egressgate.server.entries.EntryRules;
import io.egressgate.server.grid.DataGrid;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>
 * What one connection can make the hub do is bounded, whatever it sends: hellos are rate-limited
 * per connection, a connection has at most one hello and one ack waiting (newer ones replace them),
 * the sync thread's queue is bounded, and a snapshot is read and encoded once per revision, without
 * holding writers back, and served from memory to every gateway that asks for it.
 */
@ApplicationScoped
public class GatewayHub {

    static final long PING_INTERVAL_MILLIS = 10_000;
    static final int MISSED_PINGS_ALLOWED = 3;
    /** How often, in a cluster, the hub looks at the database's revision by itself. */
    static final long CLUSTER_CHECK_MILLIS = 1_000;
    /** How often the acks that came in are written to the registry (the live view has them at once). */
    static final long ACK_RECORD_MILLIS = 1_000;
    /** Tasks waiting for the sync thread; with one hello and one ack per connection it is never reached in practice. */
    static final int MAX_QUEUED_TASKS = 100_000;
    /**
     * What this server takes from gateways beyond hello, ack and stats, said on every snapshot part and
     * delta (protocol version 3): a gateway sends learned (version 3) and denied (version 4) only to a
     * server that said it takes them.
     */
    static final List<String> ACCEPTED_FROM_GATEWAYS = List.of(Learned.TYPE, Denied.TYPE);
    /** Learned frames waiting to be recorded; with one a second per gateway, a full queue means the database lags. */
    static final int MAX_QUEUED_LEARNED = 1_000;
    /** Denied frames waiting to be stored; likewise. */
    static final int MAX_QUEUED_DENIED = 1_000;
    /** Distinct starting revisions whose encoded delta to the current one is kept (gateways far behind are few). */
    static final int MAX_CACHED_DELTAS = 1_000;
    /** How long a read of the change log's floor is trusted: pruning runs once a minute. */
    static final long FLOOR_READ_NANOS = 1_000_000_000L;
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
    LearnedIntake learnedIntake;

    @Inject
    DeniedIntake deniedIntake;

    @Inject
    DataGrid grid;

    /**
     * Small parts because Payara's HTTP layer (Grizzly's output buffer) keeps a copy of the last frame
     * over 8 KB it wrote on a connection for as long as the connection lives: with 20,000 CIDRs a part,
     * a thousand gateways held 240 MB of old snapshot frames, and a 512 MB server spent its time in full
     * collections. At 300 a part most parts fit the 8 KB buffer and are copied into it, not kept (at
     * most about 14 KB, with the longest IPv6 CIDRs): with 2,000 a part a thousand gateways still held
     * 40 MB, and the 10,000-address snapshot went out slower in five large frames than in 34 small ones.
     */
    @Inject
    @ConfigProperty(name = "egressgate.snapshot_part_size", defaultValue = "300")
    int snapshotPartSize;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry metrics;

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicBoolean broadcastPending = new AtomicBoolean();
    private final SendBacklog backlog = new SendBacklog(SendBacklog.DEFAULT_LIMIT);
    private final SendBacklog fragmentedBacklog = new SendBacklog(SendBacklog.DEFAULT_LIMIT);
    private ExecutorService sync;
    /** Records learned frames off the sync thread, so that a database write never holds deltas back. */
    private ExecutorService learning;
    /** Stores denied frames off the sync thread and apart from learned ones: blocked traffic never delays allowing. */
    private ExecutorService denying;
    private ScheduledExecutorService clock;
    private IdleTimerScheduler idleTimers;
    /** Read by stats frames on any thread; replaced on the sync thread. */
    private volatile Published published;
    /** The snapshot frames of one revision; sync thread only. */
    private SnapshotFrames snapshotFrames;

    private record SnapshotFrames(Version version, List<String> frames) {
    }

    /** Encoded deltas to one revision, by the revision they start from; sync thread only. */
    private DeltaFrames deltaFrames;
    /** The change log's floor as last read, and when: a cached delta from below it is not served. */
    private long logFloor;
    private long logFloorReadAt = System.nanoTime() - FLOOR_READ_NANOS;

    private record DeltaFrames(Version to, Map<Version, String> byFrom) {
    }

    @PostConstruct
    void start() {
        sync = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(MAX_QUEUED_TASKS), threads);
        learning = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(MAX_QUEUED_LEARNED),
                threads);
        denying = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(MAX_QUEUED_DENIED),
                threads);
        clock = Executors.newSingleThreadScheduledExecutor(threads);
        idleTimers = new IdleTimerScheduler();
        clock.scheduleWithFixedDelay(this::recordAcks, ACK_RECORD_MILLIS, ACK_RECORD_MILLIS, TimeUnit.MILLISECONDS);
        clock.scheduleWithFixedDelay(() -> submit(this::checkLiveness), PING_INTERVAL_MILLIS, PING_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
        submit(this::refreshPublished);
        metrics.gauge("egressgate_gateway_send_backlog_bytes", this,
                hub -> hub.backlog.queued() + hub.fragmentedBacklog.queued());
        if (grid.clustered()) {
            // another instance's commit whose grid message got lost still reaches these gateways
            clock.scheduleWithFixedDelay(this::broadcastSoon, CLUSTER_CHECK_MILLIS, CLUSTER_CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        clock.shutdownNow();
        sync.shutdownNow();
        learning.shutdownNow();
        denying.shutdownNow();
        idleTimers.close();
    }

    /** Creates the hub at deployment, so its sync thread is ready before the first gateway. */
    void eager(@Observes @jakarta.enterprise.context.Initialized(ApplicationScoped.class) Object started) {
        // touching the bean is enough
    }

    void opened(Session session, Caller caller) {
        idleTimers.adopt(session);
        connections.put(session.getId(), new Connection(session, caller, backlog, fragmentedBacklog));
    }

    void closed(Session session) {
        Connection gone = connections.remove(session.getId());
        if (gone != null) {
            gone.confirmFragments();
        }
        if (gone != null && gone.unrecordedAck.get() != null) {
            try {
                clock.execute(() -> {
                    GatewayRegistry.Acked last = gone.unrecordedAck.getAndSet(null);
                    if (last != null) {
                        registry.acked(List.of(last));
                    }
                });
            } catch (RejectedExecutionException e) {
                // the server is stopping; the gateway's hello on the next start says where it is
            }
        }
    }

    /** Counts a frame refused from a gateway, by why: what a peer that lies tried shows on /metrics. */
    void refused(String reason) {
        metrics.counter("egressgate_gateway_frames_refused", new Tag("reason", reason)).inc();
    }

    void heard(Session session) {
        Connection connection = connections.get(session.getId());
        if (connection != null) {
            connection.heard();
        }
    }

    void hello(Session session, Hello hello) {
        heard(session);
        Connection connection = connections.get(session.getId());
        if (connection == null) {
            return;
        }
        if (!connection.mayHello(System.currentTimeMillis())) {
            refused("hello_rate_limited");
            if (connection.refusedHellos() > Connection.REFUSED_HELLOS_ALLOWED) {
                GatewayEndpoint.close(session, CloseCodes.VIOLATED_POLICY, "too many hellos");
            }
            return;
        }
        latestOnSyncThread(connection, connection.pendingHello, hello, this::greet);
    }

    void ack(Session session, Ack ack) {
        heard(session);
        Connection waiting = connections.get(session.getId());
        if (waiting == null) {
            return;
        }
        latestOnSyncThread(waiting, waiting.pendingAck, ack, (connection, latest) -> {
            if (connection.gatewayId == null) {
                GatewayEndpoint.close(connection.session, CloseCodes.CANNOT_ACCEPT, "ack before hello");
                return;
            }
            if (connection.sentRevision == null || latest.revision() > connection.sentRevision) {
                // A gateway can only have applied what it was sent; a higher ack would fake "in sync, lag 0".
                refused("ack_of_unsent_revision");
                LOG.warning(() -> "ignoring an ack of revision " + latest.revision() + " from gateway "
                        + connection.gatewayId + ": the highest revision sent to it is " + connection.sentRevision);
                return;
            }
            connection.ackedRevision = latest.revision();
            connection.unrecordedAck.set(new GatewayRegistry.Acked(connection.gatewayId, connection.sentEpoch,
                    latest.revision(), latest.durationMs(), latest.skipped().size(), System.currentTimeMillis()));
        });
    }

    /**
     * Writes the acks that came in since the last round, in one transaction, off the sync thread: a
     * transaction per ack, on the sync thread, held every delta back behind a thousand commits.
     */
    private void recordAcks() {
        List<GatewayRegistry.Acked> acks = new ArrayList<>();
        for (Connection connection : connections.values()) {
            GatewayRegistry.Acked ack = connection.unrecordedAck.getAndSet(null);
            if (ack != null) {
                acks.add(ack);
            }
        }
        if (acks.isEmpty()) {
            return;
        }
        try {
            registry.acked(acks);
        } catch (RuntimeException e) {
            // the live view has them already; the stored one catches up with the next acks
            LOG.log(Level.WARNING, "recording " + acks.size() + " gateway acks failed", e);
        }
    }

    /** Counters only for addresses gateways were told to allow, under the hostname the gateway registered. */
    void stats(Session session, Stats stats) {
        heard(session);
        Connection connection = connections.get(session.getId());
        Published set = published;
        if (connection == null || connection.hostname == null || set == null) {
            return;
        }
        List<io.egressgate.protocol.Counter> listed = stats.counters().stream().filter(c -> set.contains(c.cidr())).toList();
        if (listed.size() < stats.counters().size()) {
            metrics.counter("egressgate_traffic_counters_unlisted").inc(stats.counters().size() - listed.size());
        }
        traffic.record(connection.hostname, listed);
    }

    /**
     * Addresses a gateway's DNS forwarder learned, from a registered connection only and at most one
     * frame a second; they are filed under the gateway id the connection registered, never one a frame names.
     */
    void learned(Session session, Learned learned) {
        heard(session);
        Connection connection = connections.get(session.getId());
        if (connection == null) {
            return;
        }
        String gatewayId = connection.gatewayId;
        if (gatewayId == null) {
            refused("learned_before_hello");
            GatewayEndpoint.close(session, CloseCodes.CANNOT_ACCEPT, "learned before hello");
            return;
        }
        if (!connection.mayReportLearned(System.currentTimeMillis())) {
            refused("learned_rate_limited");
            return;
        }
        try {
            learning.execute(() -> {
                try {
                    learnedIntake.take(gatewayId, learned);
                } catch (RuntimeException e) {
                    // the gateway reports again with its next answers; dropping the connection would gain nothing
                    LOG.log(Level.WARNING, "recording learned addresses of gateway " + gatewayId + " failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            refused("learned_server_busy");
        }
    }

    /**
     * What a gateway denied, or would have in report mode: from a registered connection only, five
     * frames at once and then one a second; stored under the gateway id and hostname the connection
     * registered, never ones a frame names.
     */
    void denied(Session session, Denied denied) {
        heard(session);
        Connection connection = connections.get(session.getId());
        if (connection == null) {
            return;
        }
        String gatewayId = connection.gatewayId;
        String hostname = connection.hostname;
        if (gatewayId == null || hostname == null) {
            refused("denied_before_hello");
            GatewayEndpoint.close(session, CloseCodes.CANNOT_ACCEPT, "denied before hello");
            return;
        }
        if (!connection.mayReportDenied(System.currentTimeMillis())) {
            refused("denied_rate_limited");
            return;
        }
        try {
            denying.execute(() -> {
                try {
                    deniedIntake.take(gatewayId, hostname, denied);
                } catch (RuntimeException e) {
                    // counts of blocked traffic are a report, not the firewall: log and keep the connection
                    LOG.log(Level.WARNING, "storing denied connections of gateway " + gatewayId + " failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            refused("denied_server_busy");
        }
    }

    /** Runs after the transaction that wrote the revision has committed, here or on another instance. */
    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) RevisionCommitted event) {
        broadcastSoon();
    }

    private void broadcastSoon() {
        if (broadcastPending.compareAndSet(false, true) && !submit(this::broadcastOrRetry)) {
            // the queue is full of gateways' frames: try again in a second
            broadcastPending.set(false);
            retryBroadcast();
        }
    }

    /**
     * A broadcast that fails (the database away for a moment) is tried again in a second: on a single
     * instance nothing else would carry the revision to the gateways until the next commit.
     */
    private void broadcastOrRetry() {
        try {
            broadcast();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sending the new revision to gateways failed; trying again in a second", e);
            retryBroadcast();
        }
    }

    private void retryBroadcast() {
        try {
            clock.schedule(this::broadcastSoon, 1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // the server is stopping
        }
    }

    void revoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) TokenRevoked event) {
        execute(() -> connections.values().stream()
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
                .map(c -> new LiveGateway(c.gatewayId, c.hostname, c.ackedRevision, c.openedAt, c.mode)).toList();
    }

    /** @param mode {@link Hello#ENFORCE} or {@link Hello#REPORT}, as the gateway's hello said */
    public record LiveGateway(String gatewayId, String hostname, Long ackedRevision, long connectedSince, String mode) {

        public boolean reporting() {
            return Hello.REPORT.equals(mode);
        }
    }

    /**
     * Leaves {@code frame} for the sync thread in the connection's one slot for its kind; a task is
     * queued only when the slot was empty, so a flood of frames costs one task and the newest wins.
     */
    private <T> void latestOnSyncThread(Connection connection, AtomicReference<T> slot, T frame,
                                        java.util.function.BiConsumer<Connection, T> handler) {
        if (slot.getAndSet(frame) != null) {
            return;
        }
        boolean queued = submit(() -> {
            T latest = slot.getAndSet(null);
            if (latest == null || connections.get(connection.session.getId()) != connection) {
                return;
            }
            try {
                handler.accept(connection, latest);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "gateway sync failed; dropping the connection so it starts over", e);
                GatewayEndpoint.close(connection.session, CloseCodes.UNEXPECTED_CONDITION, "server error");
            }
        });
        if (!queued) {
            slot.set(null);
            refused("server_busy");
            GatewayEndpoint.close(connection.session, CloseCodes.TRY_AGAIN_LATER, "server busy; reconnect later");
        }
    }

    private boolean submit(Runnable task) {
        try {
            sync.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void execute(Runnable task) {
        if (!submit(task)) {
            clock.schedule(() -> execute(task), 1, TimeUnit.SECONDS);
        }
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
        if (!registry.hello(hello.gatewayId(), hello.hostname(), hello.version(), hello.effectiveMode(),
                connection.caller, hello.epoch(), hello.revision())) {
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
        connection.mode = hello.effectiveMode();
        connection.ackedRevision = hello.revision();
        Version current = allowlist.current();
        if (current.epoch().equals(hello.epoch()) && hello.revision() != null) {
            Optional<String> delta = deltaFrame(new Version(hello.epoch(), hello.revision()), current);
            if (delta.isPresent()) {
                sendDelta(List.of(connection), hello.epoch(), current.revision(), delta.get());
                return;
            }
        }
        sendSnapshot(connection);
    }

    private void broadcast() {
        broadcastPending.set(false);
        Version current = allowlist.current();
        refreshPublished(current);
        Map<Version, List<Connection>> behind = connections.values().stream()
                .filter(c -> c.synced() && (!current.epoch().equals(c.sentEpoch) || c.sentRevision < current.revision()))
                .collect(Collectors.groupingBy(c -> new Version(c.sentEpoch, c.sentRevision)));
        behind.forEach((from, group) -> {
            Optional<String> delta = deltaFrame(from, current);
            if (delta.isPresent()) {
                sendDelta(group, from.epoch(), current.revision(), delta.get());
            } else {
                group.forEach(this::sendSnapshot);
            }
        });
    }

    private void sendDelta(List<Connection> group, String epoch, long toRevision, String frame) {
        for (Connection connection : group) {
            if (deliver(connection, frame)) {
                connection.sentEpoch = epoch;
                connection.sentRevision = toRevision;
            }
        }
    }

    /**
     * The encoded delta from {@code from} to {@code current}, read and encoded once per pair: after a
     * restart a thousand gateways at the same revision say hello within seconds, and each used to cost
     * the change log's queries and an encoding of its own. Empty when only a snapshot will do.
     */
    private Optional<String> deltaFrame(Version from, Version current) {
        if (from.revision() < logFloor()) {
            // pruned since the delta was cached: the gateway was away longer than the log is kept
            return Optional.empty();
        }
        String cached = deltaFrames != null && deltaFrames.to().equals(current) ? deltaFrames.byFrom().get(from) : null;
        if (cached != null) {
            return Optional.of(cached);
        }
        return allowlist.changesSince(from, current.revision()).map(change -> cacheDeltaFrame(change, current));
    }

    /** Encodes a change as the delta to {@code current} and keeps it for the gateways at its starting revision. */
    private String cacheDeltaFrame(Change change, Version current) {
        if (deltaFrames == null || !deltaFrames.to().equals(current) || deltaFrames.byFrom().size() >= MAX_CACHED_DELTAS) {
            deltaFrames = new DeltaFrames(current, new HashMap<>());
        }
        String frame = MessageCodec.encode(new Delta(change.from().epoch(), change.from().revision(), change.toRevision(),
                change.add(), change.remove(), rules.forGateways(), change.addNames(), change.removeNames(),
                ACCEPTED_FROM_GATEWAYS));
        deltaFrames.byFrom().put(change.from(), frame);
        return frame;
    }

    private long logFloor() {
        long now = System.nanoTime();
        if (now - logFloorReadAt >= FLOOR_READ_NANOS) {
            logFloor = allowlist.logFloor();
            logFloorReadAt = now;
        }
        return logFloor;
    }

    private void sendSnapshot(Connection connection) {
        SnapshotFrames snapshot = snapshotFrames();
        for (String frame : snapshot.frames()) {
            if (!deliver(connection, frame)) {
                return;
            }
        }
        connection.sentEpoch = snapshot.version().epoch();
        connection.sentRevision = snapshot.version().revision();
    }

    /**
     * The current revision's snapshot, encoded once and kept until the revision changes; adding or
     * deleting a name is a revision too, so the cached frames always hold the names of their revision.
     */
    private SnapshotFrames snapshotFrames() {
        SnapshotFrames cached = snapshotFrames;
        if (cached != null && cached.version().equals(allowlist.current())) {
            return cached;
        }
        Allowlist.Snapshot snapshot = allowlist.snapshot();
        Version version = snapshot.version();
        List<String> frames = Snapshot.split(version.epoch(), version.revision(), snapshot.cidrs(),
                Math.max(1, snapshotPartSize), rules.forGateways(), snapshot.names(), ACCEPTED_FROM_GATEWAYS).stream()
                .map(MessageCodec::encode).toList();
        snapshotFrames = new SnapshotFrames(version, frames);
        if (published == null || !published.version().equals(version)) {
            published = new Published(version, snapshot.cidrs());
        }
        return snapshotFrames;
    }

    private void refreshPublished() {
        refreshPublished(allowlist.current());
    }

    /**
     * Moves the published set to {@code current}, by the change log where it can; the traffic series of
     * addresses taken out go with them. The change read for it is, encoded, the delta for every
     * gateway that was at the published revision: the broadcast that follows reads the log no second time.
     */
    private void refreshPublished(Version current) {
        Published now = published;
        if (now != null && now.version().equals(current)) {
            return;
        }
        Optional<Change> change = now == null ? Optional.empty() : allowlist.changesSince(now.version(), current.revision());
        if (change.isPresent()) {
            now.advance(change.get());
            traffic.forgetDestinations(change.get().remove());
            cacheDeltaFrame(change.get(), current);
        } else {
            Allowlist.Snapshot snapshot = allowlist.snapshot();
            published = new Published(snapshot.version(), snapshot.cidrs());
        }
    }

    private boolean deliver(Connection connection, String frame) {
        if (!connection.session.isOpen()) {
            forget(connection);
            return false;
        }
        switch (connection.send(frame)) {
            case NONE:
                return true;
            case GATEWAY_TOO_SLOW:
                LOG.warning(() -> "gateway " + connection.gatewayId + " is not keeping up; dropping it to re-sync");
                GatewayEndpoint.close(connection.session, CloseCodes.TRY_AGAIN_LATER, "too slow; reconnect and re-sync");
                break;
            case SERVER_BACKLOG_FULL:
                refused("send_backlog_full");
                LOG.warning(() -> "frames queued for gateways fill " + backlog.queued() + " of " + backlog.limit()
                        + " bytes; asking gateway " + connection.gatewayId + " to reconnect later");
                GatewayEndpoint.close(connection.session, CloseCodes.TRY_AGAIN_LATER, "server busy; reconnect later");
                break;
            case CONNECTION_FAILED:
                LOG.fine(() -> "writing to gateway " + connection.gatewayId + " failed; dropping it to re-sync");
                GatewayEndpoint.close(connection.session, CloseCodes.UNEXPECTED_CONDITION, "server error");
                break;
        }
        forget(connection);
        return false;
    }

    /** Drops a connection from the hub; what it still had counted in the send backlog goes with it. */
    private void forget(Connection connection) {
        connections.remove(connection.session.getId(), connection);
        connection.confirmFragments();
    }

    /** Pings everyone; drops a peer that has been silent for three intervals. */
    private void checkLiveness() {
        long now = System.currentTimeMillis();
        for (Connection connection : new ArrayList<>(connections.values())) {
            if (now - connection.lastHeard > MISSED_PINGS_ALLOWED * PING_INTERVAL_MILLIS) {
                LOG.info(() -> "gateway " + connection.gatewayId + " silent for " + (now - connection.lastHeard)
                        + " ms; dropping it");
                GatewayEndpoint.close(connection.session, CloseCodes.GOING_AWAY, "no pong");
                forget(connection);
                continue;
            }
            try {
                connection.ping();
            } catch (IOException | IllegalStateException e) {
                forget(connection);
            }
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
