package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KernelSetTest {

    private static final String SAVE = """
            create egress-gate-out4 hash:net family inet hashsize 1024 maxelem 4194304 counters bucketsize 12 initval 0x4a7f765b
            add egress-gate-out4 203.0.113.8 packets 7 bytes 700
            add egress-gate-out4 198.51.100.0/24 packets 0 bytes 0
            create egress-gate-out6 hash:net family inet6 hashsize 1024 maxelem 65536 counters bucketsize 12 initval 0xb7
            add egress-gate-out6 2001:db8::1 packets 1 bytes 80
            add egress-gate-out6 2001:db8:1::/48 packets 0 bytes 0 nomatch
            create egress-gate-in4 hash:ip family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x1
            """;

    @Test
    void membersAndCountersAreReadPerSet() {
        Map<String, KernelSet> sets = KernelSet.parseSave(SAVE);

        assertThat(sets).containsOnlyKeys("egress-gate-out4", "egress-gate-out6", "egress-gate-in4");
        assertThat(sets.get("egress-gate-out4").members()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Cidr.parse("203.0.113.8/32"), new KernelSet.Count(7, 700),
                Cidr.parse("198.51.100.0/24"), new KernelSet.Count(0, 0)));
        assertThat(sets.get("egress-gate-out6").members()).containsOnlyKeys(Cidr.parse("2001:db8::1/128"));
    }

    @Test
    void entriesTheGatewayNeverWritesAreKeptApartAsForeign() {
        assertThat(KernelSet.parseSave(SAVE).get("egress-gate-out6").foreignLines())
                .containsExactly("add egress-gate-out6 2001:db8:1::/48 packets 0 bytes 0 nomatch");
    }

    @Test
    void onlyHashNetSetsOfTheRightFamilyWithCountersFit() {
        Map<String, KernelSet> sets = KernelSet.parseSave(SAVE);

        assertThat(sets.get("egress-gate-out4").fits(Family.IPV4)).isTrue();
        assertThat(sets.get("egress-gate-out4").fits(Family.IPV6)).isFalse();
        assertThat(sets.get("egress-gate-out6").fits(Family.IPV6)).isTrue();
        assertThat(sets.get("egress-gate-in4").fits(Family.IPV4)).isFalse();
    }
}
