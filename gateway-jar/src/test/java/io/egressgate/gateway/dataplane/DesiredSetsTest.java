package io.egressgate.gateway.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.Cidr;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A delta's diff: what the kernel is told to add and delete takes the sets exactly where the allowlist went. */
class DesiredSetsTest {

    @Provide
    Arbitrary<Set<Cidr>> cidrs() {
        return Arbitraries.of("203.0.113.1/32", "203.0.113.2/32", "198.51.100.0/24", "2001:db8::1/128",
                "2001:db8:1::/48").map(Cidr::parse).set().ofMaxSize(5);
    }

    @Property
    void theKernelChangeTakesTheSetsFromTheOldAllowlistToTheNew(@ForAll("cidrs") Set<Cidr> before,
                                                               @ForAll("cidrs") Set<Cidr> added,
                                                               @ForAll("cidrs") Set<Cidr> removed,
                                                               @ForAll boolean ipv6) {
        DesiredSets desired = new DesiredSets(family -> ipv6 || family == Family.IPV4);
        desired.replace(before);
        Set<Cidr> kernel = new HashSet<>(desired.membersOf(Family.IPV4));
        kernel.addAll(desired.membersOf(Family.IPV6));

        DesiredSets.MemberChange change = desired.change(added, removed);
        kernel.removeAll(change.removing());
        kernel.addAll(change.adding());

        Set<Cidr> expected = new HashSet<>(before);
        Set<Cidr> gone = new HashSet<>(removed);
        gone.removeAll(added); // added and removed in one delta: the last word is add, so it stays
        expected.removeAll(gone);
        expected.addAll(added);
        expected.removeIf(cidr -> !ipv6 && Family.of(cidr) == Family.IPV6);
        assertThat(kernel).isEqualTo(expected);
        Set<Cidr> now = new HashSet<>(desired.membersOf(Family.IPV4));
        now.addAll(desired.membersOf(Family.IPV6));
        assertThat(now).isEqualTo(expected);
        assertThat(change.adding()).noneMatch(change.removing()::contains);
        // never a delete of an address that stays allowed: no window where it is missing
        assertThat(change.removing()).noneMatch(expected::contains);
    }

    @Property
    void entryCountsMatchOnlyWhenBothSetsOfEveryFamilyHoldTheirShare(@ForAll("cidrs") Set<Cidr> allowed) {
        DesiredSets desired = new DesiredSets(family -> true);
        desired.replace(allowed);
        int v4 = desired.membersOf(Family.IPV4).size();
        int v6 = desired.membersOf(Family.IPV6).size();
        Map<String, Integer> right = Map.of(Family.IPV4.outboundSet(), v4, Family.IPV4.inboundSet(), v4,
                Family.IPV6.outboundSet(), v6, Family.IPV6.inboundSet(), v6);
        assertThat(desired.countsMatch(Set.of(Family.IPV4, Family.IPV6), right)).isTrue();
        Map<String, Integer> short4 = Map.of(Family.IPV4.outboundSet(), v4 + 1, Family.IPV4.inboundSet(), v4,
                Family.IPV6.outboundSet(), v6, Family.IPV6.inboundSet(), v6);
        assertThat(desired.countsMatch(Set.of(Family.IPV4, Family.IPV6), short4)).isFalse();
    }
}
