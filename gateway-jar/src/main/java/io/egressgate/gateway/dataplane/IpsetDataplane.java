package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * The ipset/iptables dataplane. Allowed destinations live in twin {@code hash:net} sets with counters
 * per family (outbound matched as destination, inbound as source); the gateway's own chains in
 * {@code filter} and {@code nat} refer to the sets and never change when the allowlist does.
 *
 * <p>Every write follows the same loop: read what the kernel holds, diff it against the desired state,
 * write the difference in one batch per tool, read back.
 */
public final class IpsetDataplane implements Dataplane {

    private static final Logger LOG = Logger.getLogger(IpsetDataplane.class.getName());
    private static final int MAX_ELEMENTS = 1 << 22;

    private final CommandRunner runner;
    private final DataplaneOptions options;
    private final Object lock = new Object();
    private final IpsetSession learning;
    private SortedSet<Cidr> desired = new TreeSet<>();
    private boolean established;

    public IpsetDataplane(CommandRunner runner, DataplaneOptions options) {
        this.runner = runner;
        this.learning = new IpsetSession(runner);
        this.options = options;
    }

    @Override
    public void replaceAll(SortedSet<Cidr> allowed) {
        synchronized (lock) {
            desired = handled(allowed);
            converge();
        }
    }

    @Override
    public void change(Set<Cidr> added, Set<Cidr> removed) {
        synchronized (lock) {
            // work from the (small) delta, never walk the whole allowlist: a one-address change stays cheap at 200,000
            Set<Cidr> adding = new HashSet<>();
            for (Cidr cidr : handled(added)) {
                if (!desired.contains(cidr)) {
                    adding.add(cidr);
                }
            }
            Set<Cidr> removing = new HashSet<>();
            for (Cidr cidr : removed) {
                if (desired.contains(cidr) && !added.contains(cidr)) {
                    removing.add(cidr);
                }
            }
            desired.removeAll(removing);
            desired.addAll(adding);
            if (!established) {
                converge();
                return;
            }
            String batch = memberChanges(adding, removing);
            if (batch.isEmpty()) {
                return;
            }
            CommandRunner.Result result = runner.run(List.of("ipset", "-exist", "restore"), batch);
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
            CommandRunner.Result save = runner.run(List.of(family.save()));
            if (!save.ok()) {
                return false;
            }
            for (TableLayout layout : options.tables(family)) {
                if (!layout.differences(state(save.stdout(), layout)).isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public Map<Cidr, Traffic> traffic() {
        Map<String, Boolean> outbound = new HashMap<>();
        for (Family family : options.families()) {
            outbound.put(family.outboundSet(), true);
            outbound.put(family.inboundSet(), false);
        }
        StringBuilder saves = new StringBuilder();
        Map<Cidr, Traffic> traffic = new HashMap<>();
        synchronized (lock) {
            for (String name : listSetNames()) {
                if (outbound.containsKey(name)) {
                    saves.append("save ").append(name).append('\n');
                }
            }
            if (saves.isEmpty()) {
                return traffic;
            }
            // straight from the output into one map: no per-set member maps, half the garbage per scrape
            KernelSet.Parser members = new KernelSet.Parser(name -> (cidr, count) -> traffic.merge(cidr,
                    outbound.get(name) ? new Traffic(count.bytes(), count.packets(), 0, 0)
                            : new Traffic(0, 0, count.bytes(), count.packets()), Traffic::plus));
            runner.run(List.of("ipset", "restore"), saves.toString(), members).orThrow();
        }
        return traffic;
    }

    /**
     * The new connections the kernel denied (or, in report mode, let through as would-deny) so far, summed
     * over the families: the packet counters of the rules right after the rate-limited NFLOG rules. They
     * start again from 0 whenever the chain is rewritten. Read without the lock: it only reads.
     */
    public long deniedAttempts() {
        long total = 0;
        for (Family family : options.families()) {
            Set<String> tags = options.attemptTags(family);
            String save = runner.run(List.of(family.save(), "-c", "-t", "filter")).orThrow();
            for (String line : save.split("\n")) {
                java.util.regex.Matcher counted = COUNTED_RULE.matcher(line);
                if (counted.lookingAt() && tags.contains(Rule.tagIn(line))) {
                    total += Long.parseLong(counted.group(1));
                }
            }
        }
        return total;
    }

    private static final java.util.regex.Pattern COUNTED_RULE =
            java.util.regex.Pattern.compile("\\[(\\d+):\\d+] -A " + Family.FORWARD_CHAIN + " ");

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
                    String batch = layout.removalBatch(state(save.stdout(), layout), true);
                    if (!batch.isEmpty()) {
                        runner.run(List.of(family.restore(), "--noflush", "-w"), batch).orThrow();
                    }
                }
            }
            StringBuilder destroy = new StringBuilder();
            for (String name : listSetNames()) {
                if (owned(name)) {
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
        Map<String, KernelSet> sets = readSets();
        StringBuilder batch = new StringBuilder();
        for (String name : sets.keySet()) {
            if (name.endsWith("-new")) {
                batch.append("destroy ").append(name).append('\n'); // left over by a crash mid-snapshot
            }
        }
        for (Family family : options.families()) {
            Set<Cidr> members = membersOf(family);
            for (String name : List.of(family.outboundSet(), family.inboundSet())) {
                KernelSet actual = sets.get(name);
                if (actual == null) {
                    changes.add("set " + name + " missing");
                    create(batch, name, family, members, Map.of());
                } else if (!actual.fits(family)) {
                    changes.add("set " + name + " is not a " + family.ipsetFamily() + " hash:net with counters");
                    recreate(family, name);
                    create(batch, name, family, members, Map.of());
                } else if (!actual.members().keySet().equals(members) || !actual.foreignLines().isEmpty()) {
                    changes.add(describe(name, actual, members));
                    String temporary = Family.temporary(name);
                    create(batch, temporary, family, members, actual.members());
                    batch.append("swap ").append(temporary).append(' ').append(name).append('\n');
                    batch.append("destroy ").append(temporary).append('\n');
                }
            }
            if (options.learning()) {
                KernelSet learned = sets.get(family.learnedSet());
                if (learned == null) {
                    changes.add("set " + family.learnedSet() + " missing");
                    createLearned(batch, family);
                } else if (!learned.fitsLearned(family)) {
                    changes.add("set " + family.learnedSet() + " is not a " + family.ipsetFamily() + " hash:net with timeouts");
                    recreate(family, family.learnedSet());
                    createLearned(batch, family);
                }
            }
        }
        if (!batch.isEmpty()) {
            runner.run(List.of("ipset", "restore"), batch.toString()).orThrow();
        }
        for (Family family : options.families()) {
            String save = runner.run(List.of(family.save())).orThrow();
            for (TableLayout layout : options.tables(family)) {
                TableState actual = state(save, layout);
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
        Map<String, KernelSet> sets = readSets();
        List<String> wrong = new ArrayList<>();
        for (Family family : options.families()) {
            Set<Cidr> members = membersOf(family);
            for (String name : List.of(family.outboundSet(), family.inboundSet())) {
                KernelSet actual = sets.get(name);
                if (actual == null || !actual.fits(family) || !actual.members().keySet().equals(members)) {
                    wrong.add(actual == null ? "set " + name + " missing" : describe(name, actual, members));
                }
            }
            String save = runner.run(List.of(family.save())).orThrow();
            for (TableLayout layout : options.tables(family)) {
                wrong.addAll(layout.differences(state(save, layout)));
            }
        }
        if (!wrong.isEmpty()) {
            throw new DataplaneException("the kernel does not hold what was just written: " + String.join("; ", wrong));
        }
    }

    /** The cheap read-back after a delta: entry counts from the set headers. */
    private boolean countsMatch() {
        String list = runner.run(List.of("ipset", "list", "-t")).orThrow();
        Map<String, Integer> counts = new HashMap<>();
        String name = null;
        for (String line : list.split("\n")) {
            if (line.startsWith("Name: ")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("Number of entries: ") && name != null) {
                counts.put(name, Integer.parseInt(line.substring(19).strip()));
            }
        }
        Map<Family, Integer> expectedCounts = new HashMap<>();
        for (Cidr cidr : desired) {
            expectedCounts.merge(Family.of(cidr), 1, Integer::sum);
        }
        for (Family family : options.families()) {
            int expected = expectedCounts.getOrDefault(family, 0);
            if (!Integer.valueOf(expected).equals(counts.get(family.outboundSet()))
                    || !Integer.valueOf(expected).equals(counts.get(family.inboundSet()))) {
                return false;
            }
        }
        return true;
    }

    /** Removes the family's rules so that a set of the wrong kind can be destroyed; converge puts them back. */
    private void recreate(Family family, String name) {
        String save = runner.run(List.of(family.save())).orThrow();
        for (TableLayout layout : options.tables(family)) {
            String batch = layout.removalBatch(state(save, layout), false);
            if (!batch.isEmpty()) {
                runner.run(List.of(family.restore(), "--noflush", "-w"), batch).orThrow();
            }
        }
        runner.run(List.of("ipset", "destroy", name)).orThrow();
    }

    private String memberChanges(Set<Cidr> adding, Set<Cidr> removing) {
        StringBuilder batch = new StringBuilder();
        for (Cidr cidr : removing) {
            Family family = Family.of(cidr);
            batch.append("del ").append(family.outboundSet()).append(' ').append(element(cidr)).append('\n');
            batch.append("del ").append(family.inboundSet()).append(' ').append(element(cidr)).append('\n');
        }
        for (Cidr cidr : adding) {
            Family family = Family.of(cidr);
            batch.append("add ").append(family.outboundSet()).append(' ').append(element(cidr)).append('\n');
            batch.append("add ").append(family.inboundSet()).append(' ').append(element(cidr)).append('\n');
        }
        return batch.toString();
    }

    /** Its members are the forwarder's, each with its own timeout; the gateway never lists or compares them. */
    private static void createLearned(StringBuilder batch, Family family) {
        batch.append("create ").append(family.learnedSet()).append(" hash:net family ").append(family.ipsetFamily())
                .append(" timeout 0 counters maxelem ").append(MAX_ELEMENTS).append('\n');
    }

    /**
     * Lets the forwarder's learned addresses through until their lifetimes end; returns once the kernel
     * holds them. Re-learning an address only extends its timeout. Through one long-lived ipset session,
     * apart from the reconcile's lock: an answer waits for its own entries, never for a reconcile.
     */
    public void learn(Map<Cidr, java.time.Duration> lifetimes) {
        if (!options.learning()) {
            throw new IllegalStateException("the dataplane was not laid out for learned addresses");
        }
        List<String> commands = new ArrayList<>();
        lifetimes.forEach((cidr, lifetime) -> {
            Family family = Family.of(cidr);
            if (options.handles(family)) {
                commands.add("add " + family.learnedSet() + " " + element(cidr) + " timeout "
                        + Math.max(1, lifetime.toSeconds()) + " -exist");
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

    /** Writes create + add lines; counters are carried over so that a swap never resets them. */
    private static void create(StringBuilder batch, String name, Family family, Set<Cidr> members,
                               Map<Cidr, KernelSet.Count> counts) {
        int hashSize = Math.max(1024, Integer.highestOneBit(Math.max(1, members.size())));
        batch.append("create ").append(name).append(" hash:net family ").append(family.ipsetFamily())
                .append(" counters hashsize ").append(hashSize).append(" maxelem ").append(MAX_ELEMENTS).append('\n');
        for (Cidr cidr : members) {
            batch.append("add ").append(name).append(' ').append(element(cidr));
            KernelSet.Count count = counts.get(cidr);
            if (count != null && (count.packets() > 0 || count.bytes() > 0)) {
                batch.append(" packets ").append(count.packets()).append(" bytes ").append(count.bytes());
            }
            batch.append('\n');
        }
    }

    private static String element(Cidr cidr) {
        return cidr.toString();
    }

    private static String describe(String name, KernelSet actual, Set<Cidr> members) {
        long missing = members.stream().filter(c -> !actual.members().containsKey(c)).count();
        long extra = actual.members().keySet().stream().filter(c -> !members.contains(c)).count()
                + actual.foreignLines().size();
        return "set " + name + ": " + missing + " missing, " + extra + " unexpected";
    }

    private Set<Cidr> membersOf(Family family) {
        Set<Cidr> members = new HashSet<>();
        for (Cidr cidr : desired) {
            if (Family.of(cidr) == family) {
                members.add(cidr);
            }
        }
        return members;
    }

    private SortedSet<Cidr> handled(Set<Cidr> cidrs) {
        SortedSet<Cidr> kept = new TreeSet<>();
        for (Cidr cidr : cidrs) {
            if (options.handles(Family.of(cidr))) {
                kept.add(cidr);
            }
        }
        return kept;
    }

    private static TableState state(String save, TableLayout layout) {
        return TableState.parse(save, layout.table(), layout.builtinChain(), layout.ownChain());
    }

    private static boolean owned(String set) {
        return set.startsWith(Family.OWNER + "-");
    }

    private List<String> listSetNames() {
        return runner.run(List.of("ipset", "list", "-n")).orThrow().lines().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** The gateway's sets (and left-over temporary ones) with members and counters, read in one batch. */
    private Map<String, KernelSet> readSets() {
        StringBuilder saves = new StringBuilder();
        for (String name : listSetNames()) {
            if (owned(name)) {
                saves.append("save ").append(name).append('\n');
            }
        }
        if (saves.isEmpty()) {
            return Map.of();
        }
        KernelSet.Parser parser = new KernelSet.Parser();
        runner.run(List.of("ipset", "restore"), saves.toString(), parser).orThrow();
        return parser.sets();
    }
}
