package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The dataplane's diff against a simulated kernel: what it writes, and what it does not. */
class IpsetDataplaneTest {

    private final DataplaneOptions options = new DataplaneOptions(EnumSet.of(Family.IPV4), true, false,
            InternalRanges.defaults());
    private final FakeKernel kernel = new FakeKernel(options);
    private final IpsetDataplane dataplane = new IpsetDataplane(kernel, options);

    private static TreeSet<Cidr> cidrs(String... texts) {
        TreeSet<Cidr> set = new TreeSet<>();
        for (String text : texts) {
            set.add(Cidr.parse(text));
        }
        return set;
    }

    @Test
    void aFirstApplyCreatesTwinSetsAndBothTables() {
        dataplane.replaceAll(cidrs("203.0.113.7", "198.51.100.0/24"));

        assertThat(kernel.members.get("egress-gate-out4")).containsOnlyKeys("203.0.113.7", "198.51.100.0/24");
        assertThat(kernel.members.get("egress-gate-in4")).containsOnlyKeys("203.0.113.7", "198.51.100.0/24");
        assertThat(kernel.writes).filteredOn(w -> w.startsWith("iptables-restore")).hasSize(3)
                .anyMatch(w -> w.contains(":FORWARD DROP [0:0]\n"));
    }

    @Test
    void theCheapWatchWritesNothingWhileTheKernelIsRightAndRepairsTheMomentItIsNot() {
        dataplane.replaceAll(cidrs("203.0.113.7", "203.0.113.8"));
        kernel.writes.clear();

        assertThat(dataplane.watch().found()).isFalse();
        assertThat(kernel.writes).isEmpty();

        kernel.run(List.of("iptables-restore", "--noflush", "-w"), "*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n");
        kernel.writes.clear();
        assertThat(dataplane.watch().repairs()).containsExactly("filter FORWARD policy is ACCEPT, not DROP");
        assertThat(kernel.writes).singleElement().asString().startsWith("iptables-restore:\n*filter\n:FORWARD DROP");

        kernel.members.get("egress-gate-out4").clear();
        assertThat(dataplane.watch().repairs()).containsExactly("set egress-gate-out4: 2 missing, 0 unexpected");
        assertThat(kernel.members.get("egress-gate-out4")).containsOnlyKeys("203.0.113.7", "203.0.113.8");
    }

    @Test
    void applyingTheSameSnapshotAgainWritesNothing() {
        dataplane.replaceAll(cidrs("203.0.113.7", "198.51.100.0/24"));
        int writes = kernel.writes.size();

        dataplane.replaceAll(cidrs("203.0.113.7", "198.51.100.0/24"));

        assertThat(kernel.writes).hasSize(writes);
        assertThat(dataplane.reconcile().found()).isFalse();
    }

    @Test
    void aChangedSnapshotIsSwappedInWithCountersCarriedOver() {
        dataplane.replaceAll(cidrs("203.0.113.7", "203.0.113.8"));
        kernel.count("egress-gate-out4", "203.0.113.7", 5, 500);
        kernel.writes.clear();

        dataplane.replaceAll(cidrs("203.0.113.7", "203.0.113.9"));

        assertThat(kernel.writes).singleElement().asString()
                .contains("create egress-gate-out4-new hash:net family inet counters")
                .contains("add egress-gate-out4-new 203.0.113.7/32 packets 5 bytes 500")
                .contains("add egress-gate-out4-new 203.0.113.9/32\n")
                .doesNotContain("203.0.113.8")
                .contains("swap egress-gate-out4-new egress-gate-out4\ndestroy egress-gate-out4-new");
        assertThat(kernel.members.get("egress-gate-out4").get("203.0.113.7")).containsExactly(5, 500);
        assertThat(kernel.headers).containsOnlyKeys("egress-gate-out4", "egress-gate-in4");
    }

    @Test
    void aDeltaWritesOnlyItsOwnLines() {
        dataplane.replaceAll(cidrs("203.0.113.7"));
        kernel.writes.clear();

        dataplane.change(Set.of(Cidr.parse("203.0.113.9")), Set.of(Cidr.parse("203.0.113.7")));
        dataplane.change(Set.of(Cidr.parse("203.0.113.9")), Set.of());

        assertThat(kernel.writes).containsExactly("ipset:\n"
                + "del egress-gate-out4 203.0.113.7/32\ndel egress-gate-in4 203.0.113.7/32\n"
                + "add egress-gate-out4 203.0.113.9/32\nadd egress-gate-in4 203.0.113.9/32\n");
        assertThat(kernel.members.get("egress-gate-in4")).containsOnlyKeys("203.0.113.9");
    }

    @Test
    void driftInASetIsFoundAndRepairedOnce() {
        dataplane.replaceAll(cidrs("203.0.113.7", "203.0.113.8"));
        kernel.members.get("egress-gate-in4").clear();
        kernel.members.get("egress-gate-out4").put("192.0.2.66", new long[]{0, 0});

        Drift drift = dataplane.reconcile();

        assertThat(drift.repairs()).containsExactly("set egress-gate-out4: 0 missing, 1 unexpected",
                "set egress-gate-in4: 2 missing, 0 unexpected");
        assertThat(kernel.members.get("egress-gate-out4")).containsOnlyKeys("203.0.113.7", "203.0.113.8");
        assertThat(dataplane.reconcile().found()).isFalse();
    }

    @Test
    void aLeftoverTemporarySetFromACrashIsRemoved() {
        dataplane.replaceAll(cidrs("203.0.113.7"));
        kernel.run(List.of("ipset", "create", "egress-gate-out4-new", "hash:net"), null);

        dataplane.reconcile();

        assertThat(kernel.headers).doesNotContainKey("egress-gate-out4-new");
    }

    @Test
    void trafficIsReadInOneBatchAndSplitByDirection() {
        dataplane.replaceAll(cidrs("203.0.113.7"));
        kernel.count("egress-gate-out4", "203.0.113.7", 3, 180);
        kernel.count("egress-gate-in4", "203.0.113.7", 2, 3000);
        kernel.commands.clear();

        assertThat(dataplane.traffic()).containsEntry(Cidr.parse("203.0.113.7"), new Traffic(180, 3, 3000, 2));
        assertThat(kernel.commands).containsExactly("ipset list -n", "ipset restore");
    }

    @Test
    void uninstallRemovesRulesBeforeSets() {
        dataplane.replaceAll(cidrs("203.0.113.7"));
        kernel.writes.clear();

        dataplane.uninstall();

        assertThat(kernel.writes).hasSize(4);
        assertThat(kernel.writes.get(0)).startsWith("iptables-restore:\n*filter\n:FORWARD ACCEPT [0:0]\n-D FORWARD")
                .contains("-X EGRESS-GATE-FWD");
        assertThat(kernel.writes.get(1)).contains("-X EGRESS-GATE-INT");
        assertThat(kernel.writes.get(2)).contains("-X EGRESS-GATE-NAT");
        assertThat(kernel.writes.get(3)).isEqualTo("ipset:\ndestroy egress-gate-out4\ndestroy egress-gate-in4\n");
        assertThat(kernel.headers).isEmpty();
    }
}
