package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What the allowed sets should hold: the allowlist as far as this gateway enforces it (the families
 * it runs). Pure, so that the diff of a delta is tested without a kernel.
 */
final class DesiredSets {

    /** What a delta changes in the kernel: only members that really come or go. */
    record MemberChange(Set<Cidr> adding, Set<Cidr> removing) {
        boolean isEmpty() {
            return adding.isEmpty() && removing.isEmpty();
        }
    }

    private final Predicate<Family> handled;
    private SortedSet<Cidr> desired = new TreeSet<>();

    DesiredSets(Predicate<Family> handled) {
        this.handled = handled;
    }

    void replace(Set<Cidr> allowed) {
        desired = handled(allowed);
    }

    /**
     * Applies a delta and says what it changes. Works from the (small) delta, never walks the whole
     * allowlist: a one-address change stays cheap at 200,000. An address both added and removed stays.
     */
    MemberChange change(Set<Cidr> added, Set<Cidr> removed) {
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
        return new MemberChange(adding, removing);
    }

    Set<Cidr> membersOf(Family family) {
        Set<Cidr> members = new HashSet<>();
        for (Cidr cidr : desired) {
            if (Family.of(cidr) == family) {
                members.add(cidr);
            }
        }
        return members;
    }

    /** Whether each family's allowed sets hold as many entries as they should (from the set headers). */
    boolean countsMatch(Iterable<Family> families, Map<String, Integer> entries) {
        Map<Family, Integer> expected = new java.util.HashMap<>();
        for (Cidr cidr : desired) {
            expected.merge(Family.of(cidr), 1, Integer::sum);
        }
        for (Family family : families) {
            Integer count = expected.getOrDefault(family, 0);
            if (!count.equals(entries.get(family.outboundSet())) || !count.equals(entries.get(family.inboundSet()))) {
                return false;
            }
        }
        return true;
    }

    private SortedSet<Cidr> handled(Set<Cidr> cidrs) {
        SortedSet<Cidr> kept = new TreeSet<>();
        for (Cidr cidr : cidrs) {
            if (handled.test(Family.of(cidr))) {
                kept.add(cidr);
            }
        }
        return kept;
    }
}
