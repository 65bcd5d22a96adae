package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.logging.Logger;

/**
 * The ipset/iptables dataplane, a reconciler in the manner of Calico Felix's table and ipset code.
 *
 * <p>Goals, and the mechanism that meets each:
 * <ul>
 *   <li><b>Fail closed.</b> The gateway's chains in {@code filter} and {@code nat} refer to the
 *       allowed sets and never change when the allowlist does; a set is rebuilt beside the live one
 *       and swapped in ({@link SetBatches#replace}), so the kernel never holds a half-written set.</li>
 *   <li><b>Cheap at scale.</b> A delta touches only the members it changes ({@link DesiredSets#change})
 *       and is one {@code ipset restore} batch, checked by the set headers' entry counts; only a
 *       mismatch costs a full converge.</li>
 *   <li><b>Own only what is ours.</b> Sets named {@code egress-gate-*} and the gateway's own chains,
 *       reached by one jump each ({@link TableLayout}); everything else in the kernel is left as it is.</li>
 *   <li><b>Repair drift.</b> {@link #watch} compares headers and rules often and cheaply;
 *       {@link #reconcile} compares everything: read the kernel ({@link KernelReading}), diff it
 *       against the desired state ({@link DesiredSets}, {@link TableLayout}), write the difference in
 *       one batch per tool ({@link SetBatches}, {@link TableLayout#repairBatch}), read back.</li>
 *   <li><b>Keep counters.</b> A swap carries each member's bytes and packets over.</li>
 * </ul>
 */
public final class IpsetDataplane implements Dataplane {

    private static final Logger LOG = Logger.getLogger(IpsetDataplane.class.getName());

    private final CommandRunner runner;
    private final DataplaneOptions options;
    private final KernelReading kernel;
    private final Object lock = new Object();
    private final IpsetSession learning;
    private final DesiredSets desired;
    private boolean established;

    public IpsetDataplane(CommandRunner runner, DataplaneOptions options) {
        this.runner = runner;
        this.kernel = new KernelReading(runner);
        this.learning = new IpsetSession(runner);
        this.options = options;
        this.desired = new DesiredSets(options::handles);
    }

    @Override
    public void replaceAll(SortedSet<Cidr> allowed) {
        synchronized (lock) {
            desired.replace(allowed);
            converge();
        }
    }

    @Override
    public void change(Set<Cidr> added, Set<Cidr> removed) {
        synchronized (lock) {
            DesiredSets.MemberChange change = desired.change(added, removed);
            if (!established) {
                converge();
                return;
            }
            if (change.isEmpty()) {
                return;
            }
            CommandRunner.Result result = runner.run(List.of("ipset", "-exist", "restore"),
                    SetBatches.memberChanges(change));
            if (!result.ok() || !countsMatch()) {
                LOG.warning(() -> "delta batch did not leave the sets as expected ("
                        + (result.ok() ? "entry counts differ" : result.stderr().strip()) + "); converging fully");
                converge();
            }
        }
    }

    @Override
    public Drift reconcile() {
        synchronized (lock) {
            return new Drift(converge());
        }
    }

    /**
     * The cheap check that keeps the window after someone's flush under a second: set headers (entry
     * counts) and each family's rules, never the members. Only a difference costs a full converge.
     */
    public Drift watch() {
        synchronized (lock) {
            if (!established || headersMatch()) {
                return Drift.none();
            }
            return new Drift(converge());
        }
    }

    private boolean headersMatch() {
        if (!countsMatch()) {
            return false;
        }
        for (Family family : options.families()) {
            String save = kernel.tablesOrNull(family);
            if (save == null) {
                return false;
            }
            for (TableLayout layout : options.tables(family)) {
                if (!layout.differences(KernelReading.state(save, layout)).isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public Map<Cidr, Traffic> traffic() {
        synchronized (lock) {
            return kernel.traffic(options.families());
        }
    }

    /**
     * The new connections the kernel denied (or, in report mode, let through as would-deny) so far, summed
     * over the families: the packet counters of the rules right after the rate-limited NFLOG rules. They
     * start again from 0 whenever the chain is rewritten. Read without the lock: it only reads.
     */
    public long deniedAttempts() {
        long total = 0;
        for (Family family : options.families()) {
            total += kernel.countedPackets(family, options.attemptTags(family));
        }
        return total;
    }

    @Override
    public void uninstall() {
        synchronized (lock) {
            for (Family family : Family.values()) {
                CommandRunner.Result save = runner.run(List.of(family.save()));
                if (!save.ok()) {
                    LOG.warning(() -> family.save() + " failed, leaving " + family + " rules alone: " + save.stderr().strip());
                    continue;
                }
                // every chain the gateway may have made, also those of flags it no longer runs with
                for (TableLayout layout : options.withLearning(true).withDnsInterceptedTo(53).tables(family)) {
                    String batch = layout.removalBatch(KernelReading.state(save.stdout(), layout), true);
                    if (!batch.isEmpty()) {
                        runner.run(List.of(family.restore(), "--noflush", "-w"), batch).orThrow();
                    }
                }
            }
            StringBuilder destroy = new StringBuilder();
            for (String name : kernel.setNames()) {
                if (KernelReading.owned(name)) {
                    destroy.append("destroy ").append(name).append('\n');
                }
            }
            if (!destroy.isEmpty()) {
                runner.run(List.of("ipset", "restore"), destroy.toString()).orThrow();
            }
            established = false;
        }
    }

    /** Brings sets and chains to the desired state; returns what it had to change. */
    private List<String> converge() {
        List<String> changes = new ArrayList<>();
        Map<String, KernelSet> sets = kernel.sets();
        StringBuilder batch = new StringBuilder();
        for (String name : sets.keySet()) {
            if (name.endsWith("-new")) {
                batch.append("destroy ").append(name).append('\n'); // left over by a crash mid-snapshot
            }
        }
        for (Family family : options.families()) {
            Set<Cidr> members = desired.membersOf(family);
            for (String name : List.of(family.outboundSet(), family.inboundSet())) {
                KernelSet actual = sets.get(name);
                if (actual == null) {
                    changes.add("set " + name + " missing");
                    SetBatches.create(batch, name, family, members, Map.of());
                } else if (!actual.fits(family)) {
                    changes.add("set " + name + " is not a " + family.ipsetFamily() + " hash:net with counters");
                    recreate(family, name);
                    SetBatches.create(batch, name, family, members, Map.of());
                } else if (!actual.members().keySet().equals(members) || !actual.foreignLines().isEmpty()) {
                    changes.add(describe(name, actual, members));
                    SetBatches.replace(batch, name, family, members, actual.members());
                }
            }
            if (options.learning()) {
                KernelSet learned = sets.get(family.learnedSet());
                if (learned == null) {
                    changes.add("set " + family.learnedSet() + " missing");
                    SetBatches.createLearned(batch, family);
                } else if (!learned.fitsLearned(family)) {
                    changes.add("set " + family.learnedSet() + " is not a " + family.ipsetFamily() + " hash:net with timeouts");
                    recreate(family, family.learnedSet());
                    SetBatches.createLearned(batch, family);
                }
            }
        }
        if (!batch.isEmpty()) {
            runner.run(List.of("ipset", "restore"), batch.toString()).orThrow();
        }
        for (Family family : options.families()) {
            String save = kernel.tables(family);
            for (TableLayout layout : options.tables(family)) {
                TableState actual = KernelReading.state(save, layout);
                List<String> differences = layout.differences(actual);
                if (!differences.isEmpty()) {
                    changes.addAll(differences);
                    runner.run(List.of(family.restore(), "--noflush", "-w"), layout.repairBatch(actual)).orThrow();
                }
            }
        }
        if (!changes.isEmpty()) {
            readBack();
        }
        established = true;
        return changes;
    }

    private void readBack() {
        Map<String, KernelSet> sets = kernel.sets();
        List<String> wrong = new ArrayList<>();
        for (Family family : options.families()) {
            Set<Cidr> members = desired.membersOf(family);
            for (String name : List.of(family.outboundSet(), family.inboundSet())) {
                KernelSet actual = sets.get(name);
                if (actual == null || !actual.fits(family) || !actual.members().keySet().equals(members)) {
                    wrong.add(actual == null ? "set " + name + " missing" : describe(name, actual, members));
                }
            }
            String save = kernel.tables(family);
            for (TableLayout layout : options.tables(family)) {
                wrong.addAll(layout.differences(KernelReading.state(save, layout)));
            }
        }
        if (!wrong.isEmpty()) {
            throw new DataplaneException("the kernel does not hold what was just written: " + String.join("; ", wrong));
        }
    }

    private boolean countsMatch() {
        return desired.countsMatch(options.families(), kernel.entryCounts());
    }

    /** Removes the family's rules so that a set of the wrong kind can be destroyed; converge puts them back. */
    private void recreate(Family family, String name) {
        String save = kernel.tables(family);
        for (TableLayout layout : options.tables(family)) {
            String batch = layout.removalBatch(KernelReading.state(save, layout), false);
            if (!batch.isEmpty()) {
                runner.run(List.of(family.restore(), "--noflush", "-w"), batch).orThrow();
            }
        }
        runner.run(List.of("ipset", "destroy", name)).orThrow();
    }

    /**
     * Lets the forwarder's learned addresses through until their lifetimes end; returns once the kernel
     * holds them. Through one long-lived ipset session, apart from the reconcile's lock: an answer waits
     * for its own entries, never for a reconcile.
     */
    public void learn(Map<Cidr, Duration> lifetimes) {
        if (!options.learning()) {
            throw new IllegalStateException("the dataplane was not laid out for learned addresses");
        }
        List<String> commands = new ArrayList<>();
        lifetimes.forEach((cidr, lifetime) -> {
            Family family = Family.of(cidr);
            if (options.handles(family)) {
                commands.add(SetBatches.learn(family, cidr, lifetime));
            }
        });
        if (commands.isEmpty()) {
            return;
        }
        List<String> errors;
        synchronized (learning) {
            errors = learning.apply(commands);
        }
        if (!errors.isEmpty()) {
            throw new DataplaneException("could not learn " + String.join("; ", errors));
        }
    }

    private static String describe(String name, KernelSet actual, Set<Cidr> members) {
        long missing = members.stream().filter(c -> !actual.members().containsKey(c)).count();
        long extra = actual.members().keySet().stream().filter(c -> !members.contains(c)).count()
                + actual.foreignLines().size();
        return "set " + name + ": " + missing + " missing, " + extra + " unexpected";
    }
}
