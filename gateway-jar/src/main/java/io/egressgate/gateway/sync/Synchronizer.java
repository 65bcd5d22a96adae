package io.egressgate.gateway.sync;

import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.Screening;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.Dataplane;
import io.egressgate.names.DomainName;
import io.egressgate.names.WildcardName;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.Denied;
import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Learned;
import io.egressgate.protocol.ServerPolicy;
import io.egressgate.protocol.Skipped;
import io.egressgate.protocol.Snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * The gateway's side of the protocol, free of any transport: it is given the server's messages one at
 * a time and answers with the messages to send back. The kernel is written first, the state file
 * second, the ack last, so an ack always means "enforced and remembered". Everything is screened with
 * the union of the gateway's own policy and the one the server sent last (kept in the state file).
 *
 * <p>Not thread-safe: the link feeds it from a single thread.
 */
public final class Synchronizer {

    private static final Logger LOG = Logger.getLogger(Synchronizer.class.getName());

    private final Dataplane dataplane;
    private final StateFile stateFile;
    /** The gateway's own policy; the server's is added to it ({@link Screening#with}). */
    private final Screening ownScreening;
    private final GatewayIdentity identity;
    private final SyncListener listener;
    private AppliedAllowlist current = AppliedAllowlist.empty();
    private PendingSnapshot pending;
    private volatile boolean serverTakesLearned;
    private volatile boolean serverTakesDenied;

    public Synchronizer(Dataplane dataplane, StateFile stateFile, Screening screening, GatewayIdentity identity,
                        SyncListener listener) {
        this.dataplane = dataplane;
        this.stateFile = stateFile;
        this.ownScreening = screening;
        this.identity = identity;
        this.listener = listener;
    }

    /**
     * Enforces what was applied before the restart (or nothing at all) before any server is asked,
     * screened again first: a state file written by an older version, under a narrower internal list or
     * by hand must not open what the current list (the gateway's and the saved server policy) refuses.
     */
    public void enforce(AppliedAllowlist saved) {
        long started = System.nanoTime();
        AppliedAllowlist screened = rescreen(saved, saved.serverPolicy());
        if (!screened.allowed().equals(saved.allowed())) {
            LOG.warning(() -> "the saved allowlist holds " + (saved.allowed().size() - screened.allowed().size())
                    + " entries the current policy refuses; they are not enforced");
            try {
                stateFile.save(screened);
            } catch (RuntimeException e) {
                LOG.warning(() -> "cannot write the screened state file (enforcing it anyway): " + e.getMessage());
            }
        }
        dataplane.replaceAll(screened.allowed());
        current = screened;
        listener.applied(screened, Duration.ofNanos(System.nanoTime() - started), false);
    }

    /** {@code state} screened with the gateway's policy and {@code serverPolicy}; what fails moves to skipped. */
    private AppliedAllowlist rescreen(AppliedAllowlist state, ServerPolicy serverPolicy) {
        Screening.Screened screened = ownScreening.with(serverPolicy)
                .screen(state.allowed().stream().map(Cidr::toString).toList());
        logSkipped(screened.skipped());
        Map<String, String> skipped = new TreeMap<>(state.skipped());
        screened.skipped().forEach(s -> skipped.put(s.cidr(), s.reason()));
        return new AppliedAllowlist(state.epoch(), state.revision(), screened.accepted(), skipped, serverPolicy,
                state.names());
    }

    public AppliedAllowlist current() {
        return current;
    }

    /**
     * Whether the server on this connection said it takes {@code learned} (protocol version 3): an older
     * one would close the connection on the unknown type. False until its first snapshot or delta.
     */
    public boolean serverTakesLearned() {
        return serverTakesLearned;
    }

    /** Whether the server on this connection said it takes {@code denied} (protocol version 4). */
    public boolean serverTakesDenied() {
        return serverTakesDenied;
    }

    /** The greeting for a new connection; it also forgets a snapshot half received on the old one. */
    public Hello hello() {
        pending = null;
        serverTakesLearned = false;
        serverTakesDenied = false;
        return new Hello(identity.gatewayId(), identity.hostname(), identity.version(), current.epoch(),
                current.revision(), identity.mode());
    }

    /**
     * Handles messages that arrived together, in order; deltas that continue what is applied and one
     * another are applied as one (see {@link DeltaRun}): one kernel batch, one state file write, one ack.
     */
    public List<GatewayMessage> receiveAll(List<GatewayMessage> messages) {
        List<GatewayMessage> replies = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            GatewayMessage message = messages.get(i);
            if (message instanceof Delta first && current.continuesWith(first.epoch(), first.fromRevision())
                    && i + 1 < messages.size() && messages.get(i + 1) instanceof Delta) {
                DeltaRun run = new DeltaRun(first);
                while (i + 1 < messages.size() && messages.get(i + 1) instanceof Delta next && run.append(next)) {
                    i++;
                }
                message = run.delta();
            }
            replies.addAll(receive(message));
        }
        return replies;
    }

    /** Handles one message from the server; returns what to send back (possibly nothing). */
    public List<GatewayMessage> receive(GatewayMessage message) {
        if (message instanceof Snapshot snapshot) {
            serverTakesLearned = snapshot.accepts(Learned.TYPE);
            serverTakesDenied = snapshot.accepts(Denied.TYPE);
            return snapshotPart(snapshot);
        }
        if (message instanceof Delta delta) {
            serverTakesLearned = delta.accepts(Learned.TYPE);
            serverTakesDenied = delta.accepts(Denied.TYPE);
            return delta(delta);
        }
        LOG.warning(() -> "ignoring a " + message.type() + " message: only the gateway sends those");
        return List.of();
    }

    private List<GatewayMessage> snapshotPart(Snapshot part) {
        if (part.parts() < 1 || part.part() < 1 || part.part() > part.parts()) {
            LOG.warning(() -> "snapshot part " + part.part() + " of " + part.parts() + " makes no sense; asking again");
            pending = null;
            return List.of(hello());
        }
        if (pending == null || !pending.belongsTo(part)) {
            pending = new PendingSnapshot(part.epoch(), part.revision(), part.parts());
        }
        pending.add(part);
        if (!pending.complete()) {
            return List.of();
        }
        List<String> cidrs = pending.cidrs();
        SortedSet<String> names = pending.names();
        pending = null;
        return List.of(applySnapshot(part.epoch(), part.revision(), cidrs, part.policy(), names));
    }

    /** A snapshot states the server's whole view, so a snapshot without a policy means the server has none. */
    private Ack applySnapshot(String epoch, long revision, List<String> published, ServerPolicy serverPolicy,
                              SortedSet<String> names) {
        long started = System.nanoTime();
        Screening.Screened screened = ownScreening.with(serverPolicy).screen(published);
        logSkipped(screened.skipped());
        dataplane.replaceAll(screened.accepted());
        Map<String, String> skipped = new TreeMap<>();
        screened.skipped().forEach(s -> skipped.put(s.cidr(), s.reason()));
        AppliedAllowlist next = new AppliedAllowlist(epoch, revision, screened.accepted(), skipped, serverPolicy, names);
        stateFile.save(next);
        return remember(next, started, screened.accepted().size(), screened.skipped());
    }

    private List<GatewayMessage> delta(Delta delta) {
        if (!current.continuesWith(delta.epoch(), delta.fromRevision()) || delta.toRevision() < delta.fromRevision()) {
            if (current.isSynced() && current.epoch().equals(delta.epoch()) && delta.toRevision() <= current.revision()) {
                LOG.info(() -> "delta to revision " + delta.toRevision() + " already applied (at "
                        + current.revision() + "); ignored");
                return List.of(new Ack(current.revision(), 0, List.of(), 0));
            }
            LOG.warning(() -> "refusing delta " + delta.epoch() + " " + delta.fromRevision() + "->" + delta.toRevision()
                    + ": applied is " + current.epoch() + " " + current.revision() + "; asking again");
            return List.of(hello());
        }
        long started = System.nanoTime();
        // A delta without a policy (an older server) keeps the one known; another policy re-screens what stands.
        ServerPolicy serverPolicy = delta.policy() != null ? delta.policy() : current.serverPolicy();
        boolean policyChanged = !Objects.equals(serverPolicy, current.serverPolicy());
        AppliedAllowlist base = policyChanged ? rescreen(current, serverPolicy) : current;
        Screening.Screened added = ownScreening.with(serverPolicy).screen(delta.add());
        List<Skipped> skipped = new ArrayList<>(added.skipped());
        Set<Cidr> removed = new HashSet<>();
        for (String text : delta.remove()) {
            try {
                removed.add(Cidr.parse(text));
            } catch (IllegalArgumentException e) {
                skipped.add(new Skipped(text, "not an address or CIDR: " + e.getMessage()));
            }
        }
        logSkipped(skipped);
        Set<Cidr> leaving = new HashSet<>(removed);
        current.allowed().stream().filter(cidr -> !base.allowed().contains(cidr)).forEach(leaving::add);
        dataplane.change(added.accepted(), leaving);
        SortedSet<Cidr> allowed = new TreeSet<>(base.allowed());
        allowed.removeAll(removed);
        allowed.addAll(added.accepted());
        Map<String, String> skippedNow = new TreeMap<>(base.skipped());
        delta.remove().forEach(skippedNow::remove);
        added.skipped().forEach(s -> skippedNow.put(s.cidr(), s.reason()));
        // a delta from a server without names (before protocol version 2) changes none
        SortedSet<String> names = new TreeSet<>(base.names());
        boolean namesChanged = false;
        if (delta.carriesNames()) {
            namesChanged = names.removeAll(readable(delta.removeNames())) | names.addAll(readable(delta.addNames()));
        }
        AppliedAllowlist next = new AppliedAllowlist(delta.epoch(), delta.toRevision(), allowed, skippedNow, serverPolicy,
                names);
        if (policyChanged || namesChanged) {
            stateFile.save(next);
        } else {
            Map<String, String> newlySkipped = new TreeMap<>();
            added.skipped().forEach(s -> newlySkipped.put(s.cidr(), s.reason()));
            stateFile.saveDelta(next, added.accepted(), removed, newlySkipped, delta.remove());
        }
        return List.of(remember(next, started, added.accepted().size() + leaving.size(), skipped));
    }

    private Ack remember(AppliedAllowlist next, long started, int applied, List<Skipped> skipped) {
        current = next;
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        listener.applied(next, took, true);
        return new Ack(next.revision(), applied, skipped, took.toMillis());
    }

    private static void logSkipped(List<Skipped> skipped) {
        for (Skipped entry : skipped) {
            LOG.warning(() -> "skipped " + entry.cidr() + ": " + entry.reason());
        }
    }

    /** The names this gateway can read, lower-case ASCII; others are logged and left out. */
    static SortedSet<String> readable(List<String> names) {
        SortedSet<String> kept = new TreeSet<>();
        for (String name : names) {
            try {
                kept.add(WildcardName.looksLikeWildcard(name) ? WildcardName.parse(name).ascii()
                        : DomainName.parse(name).ascii());
            } catch (IllegalArgumentException e) {
                LOG.warning(() -> "skipped the name '" + name + "' the server sent: " + e.getMessage());
            }
        }
        return kept;
    }

    /** Snapshot parts of one (epoch, revision) collected until all have arrived. */
    private static final class PendingSnapshot {
        private final String epoch;
        private final long revision;
        private final int parts;
        private final Map<Integer, List<String>> received = new TreeMap<>();
        private final Map<Integer, List<String>> names = new TreeMap<>();

        PendingSnapshot(String epoch, long revision, int parts) {
            this.epoch = epoch;
            this.revision = revision;
            this.parts = parts;
        }

        boolean belongsTo(Snapshot part) {
            return epoch.equals(part.epoch()) && revision == part.revision() && parts == part.parts();
        }

        void add(Snapshot part) {
            received.put(part.part(), part.cidrs());
            if (part.names() != null) {
                names.put(part.part(), part.names());
            }
        }

        /** Every part's names together; none when the server sends no names. */
        SortedSet<String> names() {
            List<String> all = new ArrayList<>();
            names.values().forEach(all::addAll);
            return readable(all);
        }

        boolean complete() {
            return received.size() == parts;
        }

        List<String> cidrs() {
            List<String> all = new ArrayList<>();
            received.values().forEach(all::addAll);
            return all;
        }
    }
}
