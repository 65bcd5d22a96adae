package io.egressgate.sync;

import io.egressgate.addresses.Cidr;
import io.egressgate.allowlist.AppliedAllowlist;
import io.egressgate.allowlist.Screening;
import io.egressgate.allowlist.StateFile;
import io.egressgate.dataplane.Dataplane;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Skipped;
import io.egressgate.protocol.Snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * The gateway's side of the protocol, free of any transport: it is given the server's messages one at
 * a time and answers with the messages to send back. The kernel is written first, the state file
 * second, the ack last, so an ack always means "enforced and remembered".
 *
 * <p>Not thread-safe: the link feeds it from a single thread.
 */
public final class Synchronizer {

    private static final Logger LOG = Logger.getLogger(Synchronizer.class.getName());

    private final Dataplane dataplane;
    private final StateFile stateFile;
    private final Screening screening;
    private final GatewayIdentity identity;
    private final SyncListener listener;
    private AppliedAllowlist current = AppliedAllowlist.empty();
    private PendingSnapshot pending;

    public Synchronizer(Dataplane dataplane, StateFile stateFile, Screening screening, GatewayIdentity identity,
                        SyncListener listener) {
        this.dataplane = dataplane;
        this.stateFile = stateFile;
        this.screening = screening;
        this.identity = identity;
        this.listener = listener;
    }

    /** Enforces what was applied before the restart (or nothing at all) before any server is asked. */
    /** Enforces a saved allowlist, screened again first: nothing internal reaches the kernel from a file. */
    public void enforce(AppliedAllowlist saved) {
        long started = System.nanoTime();
        Screening.Screened screened = screening.rescreen(saved.allowed());
        AppliedAllowlist enforced = saved;
        if (!screened.skipped().isEmpty()) {
            Map<String, String> skipped = new TreeMap<>(saved.skipped());
            screened.skipped().forEach(s -> skipped.put(s.cidr(), s.reason()));
            enforced = new AppliedAllowlist(saved.epoch(), saved.revision(), screened.accepted(), skipped);
            LOG.warning(() -> "the saved allowlist held " + screened.skipped().size()
                    + " entries today's policy refuses; not enforcing them, first: "
                    + screened.skipped().subList(0, Math.min(10, screened.skipped().size())));
        }
        dataplane.replaceAll(enforced.allowed());
        current = enforced;
        listener.applied(enforced, Duration.ofNanos(System.nanoTime() - started), false);
    }

    public AppliedAllowlist current() {
        return current;
    }

    /** The greeting for a new connection; it also forgets a snapshot half received on the old one. */
    public Hello hello() {
        pending = null;
        return new Hello(identity.gatewayId(), identity.hostname(), identity.version(), current.epoch(),
                current.revision());
    }

    /** Handles one message from the server; returns what to send back (possibly nothing). */
    public List<GatewayMessage> receive(GatewayMessage message) {
        if (message instanceof Snapshot snapshot) {
            return snapshotPart(snapshot);
        }
        if (message instanceof Delta delta) {
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
        pending = null;
        return List.of(applySnapshot(part.epoch(), part.revision(), cidrs));
    }

    private Ack applySnapshot(String epoch, long revision, List<String> published) {
        long started = System.nanoTime();
        Screening.Screened screened = screening.screen(published);
        logSkipped(screened.skipped());
        dataplane.replaceAll(screened.accepted());
        Map<String, String> skipped = new TreeMap<>();
        screened.skipped().forEach(s -> skipped.put(s.cidr(), s.reason()));
        AppliedAllowlist next = new AppliedAllowlist(epoch, revision, screened.accepted(), skipped);
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
        Screening.Screened added = screening.screen(delta.add());
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
        dataplane.change(added.accepted(), removed);
        SortedSet<Cidr> allowed = new TreeSet<>(current.allowed());
        allowed.removeAll(removed);
        allowed.addAll(added.accepted());
        Map<String, String> skippedNow = new TreeMap<>(current.skipped());
        delta.remove().forEach(skippedNow::remove);
        added.skipped().forEach(s -> skippedNow.put(s.cidr(), s.reason()));
        AppliedAllowlist next = new AppliedAllowlist(delta.epoch(), delta.toRevision(), allowed, skippedNow);
        Map<String, String> newlySkipped = new TreeMap<>();
        added.skipped().forEach(s -> newlySkipped.put(s.cidr(), s.reason()));
        stateFile.saveDelta(next, added.accepted(), removed, newlySkipped, delta.remove());
        return List.of(remember(next, started, added.accepted().size() + removed.size(), skipped));
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

    /** Snapshot parts of one (epoch, revision) collected until all have arrived. */
    private static final class PendingSnapshot {
        private final String epoch;
        private final long revision;
        private final int parts;
        private final Map<Integer, List<String>> received = new TreeMap<>();

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
