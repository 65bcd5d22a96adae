package io.egressgate.gateway.sync;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.Screening;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.RecordingDataplane;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.ServerPolicy;
import io.egressgate.protocol.Skipped;
import io.egressgate.protocol.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: the gateway screens with the union of its own policy and the server's, keeps the server's
 * across restarts, and screens a saved state file again before it enforces it.
 */
class PolicyScreeningTest {

    private static final ServerPolicy SERVER = new ServerPolicy(List.of("198.51.100.0/24"), 16, 48);

    @TempDir
    Path stateDir;

    private RecordingDataplane dataplane = new RecordingDataplane();

    /** The gateway's own extra range is 203.0.113.128/25; the server adds 198.51.100.0/24 and floors /16, /48. */
    private Synchronizer gateway() {
        AllowlistPolicy own = new AllowlistPolicy(
                InternalRanges.defaults().withExtra(List.of(Cidr.parse("203.0.113.128/25"))), 8, 32);
        return new Synchronizer(dataplane, new StateFile(stateDir), new Screening(own, true),
                new GatewayIdentity("gw-1", "gate-a", "0.1.0"), SyncListener.NONE);
    }

    private static SortedCidrs cidrs(String... texts) {
        return new SortedCidrs(texts);
    }

    @Test
    void aSnapshotIsScreenedWithTheUnionOfBothPolicies() {
        Synchronizer sync = gateway();
        sync.enforce(AppliedAllowlist.empty());

        List<GatewayMessage> replies = sync.receive(new Snapshot("e1", 3, List.of("203.0.113.7/32", "203.0.113.200/32",
                "198.51.100.7/32", "11.0.0.0/8", "11.1.0.0/16", "2001:db8::/32", "2001:db8:1::/48", "64:ff9b::a00:1/128"),
                1, 1, SERVER));

        assertThat(dataplane.enforced).containsExactlyElementsOf(cidrs("203.0.113.7", "11.1.0.0/16", "2001:db8:1::/48"));
        assertThat(replies).singleElement().isInstanceOfSatisfying(Ack.class, ack -> {
            assertThat(ack.skipped()).extracting(Skipped::cidr).containsExactlyInAnyOrder("203.0.113.200/32",
                    "198.51.100.7/32", "11.0.0.0/8", "2001:db8::/32", "64:ff9b::a00:1/128");
            assertThat(ack.skipped()).filteredOn(s -> s.cidr().equals("198.51.100.7/32")).singleElement()
                    .extracting(Skipped::reason).asString().contains("internal_ranges on the server");
            assertThat(ack.skipped()).filteredOn(s -> s.cidr().equals("11.0.0.0/8")).singleElement()
                    .extracting(Skipped::reason).asString().contains("/16");
        });
    }

    @Test
    void withoutAServerPolicyOnlyTheGatewaysOwnApplies() {
        Synchronizer sync = gateway();
        sync.enforce(AppliedAllowlist.empty());

        sync.receive(new Snapshot("e1", 3, List.of("198.51.100.7/32", "11.0.0.0/8", "203.0.113.200/32"), 1, 1));

        assertThat(dataplane.enforced).containsExactlyElementsOf(cidrs("11.0.0.0/8", "198.51.100.7"));
    }

    @Test
    void theServerPolicyIsKeptInTheStateFileAndAppliesAfterARestart() {
        Synchronizer sync = gateway();
        sync.enforce(AppliedAllowlist.empty());
        sync.receive(new Snapshot("e1", 3, List.of("203.0.113.7/32"), 1, 1, SERVER));
        sync.receive(new Delta("e1", 3, 4, List.of("203.0.113.8/32"), List.of())); // journalled, no policy

        dataplane = new RecordingDataplane();
        Synchronizer restarted = gateway();
        restarted.enforce(new StateFile(stateDir).load().orElseThrow());
        assertThat(restarted.current().serverPolicy()).isEqualTo(SERVER);
        List<GatewayMessage> replies = restarted.receive(new Delta("e1", 4, 5, List.of("198.51.100.9/32", "203.0.113.9/32"),
                List.of()));

        assertThat(dataplane.enforced).containsExactlyElementsOf(cidrs("203.0.113.7", "203.0.113.8", "203.0.113.9"));
        assertThat(replies).singleElement().isInstanceOfSatisfying(Ack.class,
                ack -> assertThat(ack.skipped()).extracting(Skipped::cidr).containsExactly("198.51.100.9/32"));
    }

    @Test
    void aDeltaWithAWiderServerPolicyTakesOutWhatItNowRefuses() {
        Synchronizer sync = gateway();
        sync.enforce(AppliedAllowlist.empty());
        sync.receive(new Snapshot("e1", 3, List.of("203.0.113.7/32", "192.0.2.7/32"), 1, 1));

        ServerPolicy wider = new ServerPolicy(List.of("192.0.2.0/24"), 8, 32);
        List<GatewayMessage> replies = sync.receive(new Delta("e1", 3, 4, List.of("192.0.2.8/32"), List.of(), wider));

        assertThat(dataplane.enforced).containsExactlyElementsOf(cidrs("203.0.113.7"));
        assertThat(dataplane.calls).last().isEqualTo("change +[] -[192.0.2.7/32]");
        assertThat(replies).singleElement().isInstanceOfSatisfying(Ack.class,
                ack -> assertThat(ack.skipped()).extracting(Skipped::cidr).containsExactly("192.0.2.8/32"));
        AppliedAllowlist saved = new StateFile(stateDir).load().orElseThrow();
        assertThat(saved.serverPolicy()).isEqualTo(wider);
        assertThat(saved.allowed()).containsExactlyElementsOf(cidrs("203.0.113.7"));
        assertThat(saved.skipped()).containsKeys("192.0.2.7/32", "192.0.2.8/32");
    }

    @Test
    void atStartASavedStateHoldingInternalAddressesIsScreenedAgainBeforeItIsEnforced() throws Exception {
        // as an older version (before NAT64, 6to4, 198.18.0.0/15 were internal) or a hand edit left it
        Files.writeString(stateDir.resolve("allowlist.json"), "{\"format\":1,\"epoch\":\"e1\",\"revision\":9,"
                + "\"cidrs\":[\"203.0.113.7/32\",\"10.0.0.1/32\",\"64:ff9b::a00:1/128\",\"2002:a00:1::1/128\","
                + "\"198.18.0.1/32\",\"203.0.113.200/32\",\"0.0.0.0/0\"],\"skipped\":[]}");
        Synchronizer sync = gateway();

        sync.enforce(new StateFile(stateDir).load().orElseThrow());

        assertThat(dataplane.calls).containsExactly("replaceAll [203.0.113.7/32]");
        assertThat(sync.current().skipped()).containsKeys("10.0.0.1/32", "64:ff9b::a00:1/128", "2002:a00:1::1/128",
                "198.18.0.1/32", "203.0.113.200/32", "0.0.0.0/0");
        assertThat(sync.current().revision()).isEqualTo(9L);
        AppliedAllowlist rewritten = new StateFile(stateDir).load().orElseThrow();
        assertThat(rewritten.allowed()).containsExactlyElementsOf(cidrs("203.0.113.7"));
    }

    @Test
    void atStartTheSavedServerPolicyTakesPartInTheScreening() {
        new StateFile(stateDir).save(new AppliedAllowlist("e1", 9L, new TreeSet<>(cidrs("203.0.113.7", "198.51.100.7")),
                Map.of(), SERVER));
        Synchronizer sync = gateway();

        sync.enforce(new StateFile(stateDir).load().orElseThrow());

        assertThat(dataplane.enforced).containsExactlyElementsOf(cidrs("203.0.113.7"));
    }

    @Test
    void aCleanSavedStateIsEnforcedAsItIsAndNotRewritten() throws Exception {
        StateFile file = new StateFile(stateDir);
        file.save(new AppliedAllowlist("e1", 9L, new TreeSet<>(cidrs("203.0.113.7")), Map.of(), SERVER));
        var written = Files.getLastModifiedTime(file.path());
        Synchronizer sync = gateway();

        sync.enforce(file.load().orElseThrow());

        assertThat(dataplane.enforced).containsExactlyElementsOf(cidrs("203.0.113.7"));
        assertThat(Files.getLastModifiedTime(file.path())).isEqualTo(written);
    }

    /** CIDRs in their sorted order, as the dataplane holds them. */
    private static final class SortedCidrs extends TreeSet<Cidr> {
        private static final long serialVersionUID = 1L;

        SortedCidrs(String... texts) {
            for (String text : texts) {
                add(Cidr.parse(text));
            }
        }
    }
}
