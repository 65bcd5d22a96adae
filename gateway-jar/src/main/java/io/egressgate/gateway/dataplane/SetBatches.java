package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The lines of {@code ipset restore} batches: text only, so that what is written is tested without a kernel. */
final class SetBatches {

    static final int MAX_ELEMENTS = 1 << 22;

    private SetBatches() {
    }

    /** The twin sets of each address's family lose and gain the same members. */
    static String memberChanges(DesiredSets.MemberChange change) {
        StringBuilder batch = new StringBuilder();
        for (Cidr cidr : change.removing()) {
            Family family = Family.of(cidr);
            batch.append("del ").append(family.outboundSet()).append(' ').append(element(cidr)).append('\n');
            batch.append("del ").append(family.inboundSet()).append(' ').append(element(cidr)).append('\n');
        }
        for (Cidr cidr : change.adding()) {
            Family family = Family.of(cidr);
            batch.append("add ").append(family.outboundSet()).append(' ').append(element(cidr)).append('\n');
            batch.append("add ").append(family.inboundSet()).append(' ').append(element(cidr)).append('\n');
        }
        return batch.toString();
    }

    /** Writes create + add lines; counters are carried over so that a swap never resets them. */
    static void create(StringBuilder batch, String name, Family family, Set<Cidr> members,
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

    /** A set rebuilt beside the live one and swapped in: the kernel never holds a half-written set. */
    static void replace(StringBuilder batch, String name, Family family, Set<Cidr> members,
                        Map<Cidr, KernelSet.Count> counts) {
        String temporary = Family.temporary(name);
        create(batch, temporary, family, members, counts);
        batch.append("swap ").append(temporary).append(' ').append(name).append('\n');
        batch.append("destroy ").append(temporary).append('\n');
    }

    /** Its members are the forwarder's, each with its own timeout; the gateway never lists or compares them. */
    static void createLearned(StringBuilder batch, Family family) {
        batch.append("create ").append(family.learnedSet()).append(" hash:net family ").append(family.ipsetFamily())
                .append(" timeout 0 counters maxelem ").append(MAX_ELEMENTS).append('\n');
    }

    /** Re-learning an address only extends its timeout. */
    static String learn(Family family, Cidr cidr, Duration lifetime) {
        return "add " + family.learnedSet() + " " + element(cidr) + " timeout " + Math.max(1, lifetime.toSeconds())
                + " -exist";
    }

    private static String element(Cidr cidr) {
        return cidr.toString();
    }
}
