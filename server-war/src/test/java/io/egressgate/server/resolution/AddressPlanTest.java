package io.egressgate.server.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.resolution.AddressPlan.Source;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AddressPlanTest {

    private static final long NOW = 1_000_000;

    private static Source live(String cidr, long lastSeen) {
        return new Source(cidr, 1, lastSeen, null);
    }

    private static Source expiring(String cidr, long lastSeen) {
        return new Source(cidr, 1, lastSeen, lastSeen + 600_000);
    }

    @Test
    void newAddressesAreInsertedSeenOnesRefreshedVanishedOnesRetired() {
        AddressPlan plan = AddressPlan.of(List.of("192.0.2.1/32", "192.0.2.3/32"), cidr -> true,
                List.of(live("192.0.2.1/32", NOW - 60_000), live("192.0.2.2/32", NOW - 60_000)), 1000);
        assertThat(plan.insert()).containsExactly("192.0.2.3/32");
        assertThat(plan.refresh()).containsExactly("192.0.2.1/32");
        assertThat(plan.retire()).containsExactly("192.0.2.2/32");
        assertThat(plan.renew()).isEmpty();
        assertThat(plan.drop()).isEmpty();
        assertThat(plan.changes()).isTrue();
        assertThat(plan.capped()).isFalse();
    }

    @Test
    void anUnchangedAnswerChangesNothing() {
        AddressPlan plan = AddressPlan.of(List.of("192.0.2.1/32"), cidr -> true,
                List.of(live("192.0.2.1/32", NOW - 1000)), 1000);
        assertThat(plan.changes()).isFalse();
        assertThat(plan.refresh()).containsExactly("192.0.2.1/32");
    }

    @Test
    void anAddressThatComesBackDuringItsGracePeriodIsRenewed() {
        AddressPlan plan = AddressPlan.of(List.of("192.0.2.2/32"), cidr -> true,
                List.of(expiring("192.0.2.2/32", NOW - 100_000)), 1000);
        assertThat(plan.renew()).containsExactly("192.0.2.2/32");
        assertThat(plan.insert()).isEmpty();
    }

    @Test
    void anAlreadyExpiringAddressKeepsItsExpiry() {
        AddressPlan plan = AddressPlan.of(List.of(), cidr -> true, List.of(expiring("192.0.2.2/32", NOW - 100_000)), 1000);
        assertThat(plan.changes()).isFalse();
    }

    @Test
    void aFamilyWhoseQueryFailedIsLeftAlone() {
        AddressPlan plan = AddressPlan.of(List.of("192.0.2.1/32"), cidr -> !Observation.isIpv6(cidr),
                List.of(live("2001:db8::1/128", NOW - 1000)), 1000);
        assertThat(plan.retire()).isEmpty();
        assertThat(plan.insert()).containsExactly("192.0.2.1/32");
    }

    @Test
    void theCapKeepsTheAnswerBeforeOlderAddressesAndAllowedOnesBeforeNewOnes() {
        List<Source> rows = List.of(live("192.0.2.1/32", NOW - 1000), expiring("192.0.2.9/32", NOW - 50_000),
                live("192.0.2.8/32", NOW - 1000));
        AddressPlan plan = AddressPlan.of(List.of("192.0.2.3/32", "192.0.2.1/32", "192.0.2.2/32"), cidr -> true, rows, 2);
        assertThat(plan.refresh()).containsExactly("192.0.2.1/32");
        assertThat(plan.insert()).containsExactly("192.0.2.2/32");
        assertThat(plan.drop()).containsExactlyInAnyOrder("192.0.2.8/32", "192.0.2.9/32");
        assertThat(plan.refused()).isEqualTo(1);
        assertThat(plan.droppedAtCap()).isEqualTo(3);
        assertThat(plan.capped()).isTrue();
    }

    // ---- properties

    record Case(List<String> answer, List<Source> rows, boolean ipv4Known, boolean ipv6Known) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> cidr = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 12).map(i -> "192.0.2." + i + "/32"),
                Arbitraries.integers().between(1, 12).map(i -> "2001:db8::" + i + "/128"));
        Arbitrary<List<String>> answer = cidr.list().ofMaxSize(15).map(l -> List.copyOf(new java.util.LinkedHashSet<>(l)));
        Arbitrary<Source> row = Combinators.combine(cidr, Arbitraries.longs().between(NOW - 900_000, NOW),
                        Arbitraries.of(true, false))
                .as((c, seen, exp) -> new Source(c, 1, seen, exp ? seen + 600_000 : null));
        Arbitrary<List<Source>> rows = row.list().ofMaxSize(15).uniqueElements(Source::cidr);
        return Combinators.combine(answer, rows, Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Case::new);
    }

    @Property
    void neverMoreThanTheCapAndNothingOutsideTheAnswerOrTheRows(@ForAll("cases") Case c,
                                                              @ForAll @IntRange(min = 1, max = 20) int cap) {
        AddressPlan plan = AddressPlan.of(c.answer(), cidr -> Observation.isIpv6(cidr) ? c.ipv6Known() : c.ipv4Known(),
                c.rows(), cap);
        Set<String> after = new HashSet<>();
        c.rows().forEach(r -> after.add(r.cidr()));
        after.removeAll(plan.drop());
        after.addAll(plan.insert());
        assertThat(after.size()).isLessThanOrEqualTo(Math.max(cap, 0));
        Set<String> known = new HashSet<>(c.answer());
        c.rows().forEach(r -> known.add(r.cidr()));
        assertThat(known).containsAll(after);
        // every answer address is either allowed afterwards or counted as refused by the cap
        long missing = c.answer().stream().filter(a -> !after.contains(a)).count();
        assertThat(missing).isLessThanOrEqualTo(plan.droppedAtCap());
    }

    @Property
    void belowTheCapNothingIsRemovedAtOnceAndEveryAnswerAddressIsAllowed(@ForAll("cases") Case c) {
        AddressPlan plan = AddressPlan.of(c.answer(), cidr -> Observation.isIpv6(cidr) ? c.ipv6Known() : c.ipv4Known(),
                c.rows(), 1000);
        assertThat(plan.drop()).isEmpty();
        List<String> allowedAfter = new ArrayList<>(plan.insert());
        allowedAfter.addAll(plan.refresh());
        allowedAfter.addAll(plan.renew());
        assertThat(allowedAfter).containsExactlyInAnyOrderElementsOf(c.answer());
        // only rows of a known family that the answer lacks are retired, and never one already expiring
        for (String cidr : plan.retire()) {
            assertThat(c.answer()).doesNotContain(cidr);
            assertThat(Observation.isIpv6(cidr) ? c.ipv6Known() : c.ipv4Known()).isTrue();
            assertThat(c.rows().stream().filter(r -> r.cidr().equals(cidr)).findFirst().orElseThrow().expiring()).isFalse();
        }
    }
}
