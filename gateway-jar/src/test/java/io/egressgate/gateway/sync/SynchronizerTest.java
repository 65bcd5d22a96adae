package io.egressgate.gateway.sync;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.Screening;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.DataplaneException;
import io.egressgate.gateway.dataplane.RecordingDataplane;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Skipped;
import io.egressgate.protocol.Snapshot;
import io.egressgate.protocol.Stats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SynchronizerTest {

    @TempDir
    Path stateDir;

    private final RecordingDataplane dataplane = new RecordingDataplane();

    private Synchronizer synchronizer() {
        return new Synchronizer(dataplane, new StateFile(stateDir), new Screening(AllowlistPolicy.defaults(), true),
                new GatewayIdentity("gw-1", "gate-a", "0.1.0"), SyncListener.NONE);
    }

    private static List<Cidr> cidrs(String... texts) {
        return java.util.Arrays.stream(texts).map(Cidr::parse).toList();
    }

    @Test
    void helloSaysNothingIsKnownBeforeTheFirstSync() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());

        assertThat(sync.hello()).isEqualTo(new Hello("gw-1", "gate-a", "0.1.0", null, null, Hello.ENFORCE));
        assertThat(dataplane.calls).containsExactly("replaceAll []");
    }

    @Test
    void theSavedStateIsEnforcedAndAnnouncedInHello() {
        Synchronizer sync = synchronizer();
        sync.enforce(new AppliedAllowlist("e1", 7L, new TreeSet<>(cidrs("203.0.113.7")), Map.of()));

        assertThat(dataplane.enforced).containsExactlyElementsOf(cidrs("203.0.113.7"));
        assertThat(sync.hello()).extracting(Hello::epoch, Hello::revision).containsExactly("e1", 7L);
    }

    @Test
    void aSavedStateIsScreenedAgainSoThatAnInternalEntryInTheFileNeverReachesTheKernel() {
        Synchronizer sync = new Synchronizer(dataplane, new StateFile(stateDir),
                new Screening(new AllowlistPolicy(InternalRanges.defaults().withExtra(cidrs("198.51.100.0/24")),
                        AllowlistPolicy.DEFAULT_FLOOR_V4, AllowlistPolicy.DEFAULT_FLOOR_V6), true),
                new GatewayIdentity("gw-1", "gate-a", "0.1.0"), SyncListener.NONE);
        sync.enforce(new AppliedAllowlist("e1", 7L,
                new TreeSet<>(cidrs("203.0.113.7", "10.0.0.1", "198.51.100.9", "2001:db8::1")), Map.of()));

        assertThat(dataplane.enforced).containsExactlyElementsOf(cidrs("203.0.113.7", "2001:db8::1"));
        assertThat(sync.current().allowed()).containsExactlyElementsOf(cidrs("203.0.113.7", "2001:db8::1"));
        assertThat(sync.current().skipped()).containsOnlyKeys("10.0.0.1/32", "198.51.100.9/32");
        assertThat(sync.hello()).extracting(Hello::epoch, Hello::revision).containsExactly("e1", 7L);
    }

    @Test
    void snapshotPartsAreAssembledAndAppliedOnceWithInternalEntriesSkipped() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());
        List<Snapshot> parts = Snapshot.split("e1", 5, List.of("203.0.113.7/32", "10.1.2.3/32", "198.51.100.0/24",
                "2001:db8::/48", "not-an-ip"), 2);

        assertThat(sync.receive(parts.get(2))).isEmpty();
        assertThat(sync.receive(parts.get(0))).isEmpty();
        assertThat(dataplane.calls).containsExactly("replaceAll []");
        List<GatewayMessage> replies = sync.receive(parts.get(1));

        assertThat(dataplane.enforced).containsExactlyInAnyOrderElementsOf(
                cidrs("203.0.113.7/32", "198.51.100.0/24", "2001:db8::/48"));
        assertThat(replies).singleElement().isInstanceOfSatisfying(Ack.class, ack -> {
            assertThat(ack.revision()).isEqualTo(5);
            assertThat(ack.applied()).isEqualTo(3);
            assertThat(ack.skipped()).extracting(Skipped::cidr).containsExactlyInAnyOrder("10.1.2.3/32", "not-an-ip");
            assertThat(ack.skipped()).allSatisfy(s -> assertThat(s.reason()).isNotBlank());
            assertThat(ack.durationMs()).isNotNegative();
        });
        assertThat(new StateFile(stateDir).load()).get().satisfies(saved -> {
            assertThat(saved.revision()).isEqualTo(5);
            assertThat(saved.allowed()).isEqualTo(dataplane.enforced);
            assertThat(saved.skipped()).containsOnlyKeys("10.1.2.3/32", "not-an-ip");
        });
    }

    @Test
    void aPartOfAnotherRevisionStartsTheAssemblyOver() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());
        sync.receive(new Snapshot("e1", 5, List.of("203.0.113.1/32"), 1, 2));

        List<GatewayMessage> replies = sync.receive(new Snapshot("e1", 6, List.of("203.0.113.2/32"), 2, 2));
        assertThat(replies).isEmpty();
        replies = sync.receive(new Snapshot("e1", 6, List.of("203.0.113.3/32"), 1, 2));

        assertThat(replies).singleElement().extracting(m -> ((Ack) m).revision()).isEqualTo(6L);
        assertThat(dataplane.enforced).containsExactlyElementsOf(cidrs("203.0.113.2", "203.0.113.3"));
    }

    @Test
    void aNewConnectionForgetsHalfAReceivedSnapshot() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());
        sync.receive(new Snapshot("e1", 5, List.of("203.0.113.1/32"), 1, 2));
        sync.hello();

        assertThat(sync.receive(new Snapshot("e1", 5, List.of("203.0.113.2/32"), 2, 2))).isEmpty();
        assertThat(dataplane.enforced).isEmpty();
    }

    @Test
    void deltasApplyInOrderAsOneChangeEach() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());
        sync.receive(new Snapshot("e1", 5, List.of("203.0.113.1/32", "203.0.113.2/32"), 1, 1));

        List<GatewayMessage> replies = sync.receive(new Delta("e1", 5, 7, List.of("198.51.100.9/32"),
                List.of("203.0.113.1/32")));

        assertThat(dataplane.calls).last().isEqualTo("change +[198.51.100.9/32] -[203.0.113.1/32]");
        assertThat(dataplane.enforced).containsExactlyElementsOf(cidrs("198.51.100.9", "203.0.113.2"));
        assertThat(replies).singleElement().usingRecursiveComparison()
                .comparingOnlyFields("revision", "applied", "skipped").isEqualTo(new Ack(7, 2, List.of(), 0));
        assertThat(sync.hello().revision()).isEqualTo(7L);
        assertThat(new StateFile(stateDir).load()).get().extracting(AppliedAllowlist::revision).isEqualTo(7L);
    }

    @Test
    void aDeltaWithAGapIsRefusedWithAHello() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());
        sync.receive(new Snapshot("e1", 5, List.of("203.0.113.1/32"), 1, 1));
        int callsBefore = dataplane.calls.size();

        List<GatewayMessage> gap = sync.receive(new Delta("e1", 6, 7, List.of("198.51.100.9/32"), List.of()));
        List<GatewayMessage> otherEpoch = sync.receive(new Delta("e2", 5, 6, List.of("198.51.100.9/32"), List.of()));

        assertThat(gap).singleElement().isEqualTo(new Hello("gw-1", "gate-a", "0.1.0", "e1", 5L, Hello.ENFORCE));
        assertThat(otherEpoch).singleElement().isInstanceOf(Hello.class);
        assertThat(dataplane.calls).hasSize(callsBefore);
        assertThat(dataplane.enforced).containsExactlyElementsOf(cidrs("203.0.113.1"));
    }

    @Test
    void aDeltaBeforeAnySnapshotIsRefused() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());

        assertThat(sync.receive(new Delta("e1", 0, 1, List.of("198.51.100.9/32"), List.of())))
                .singleElement().isInstanceOf(Hello.class);
        assertThat(dataplane.enforced).isEmpty();
    }

    @Test
    void theSameDeltaTwiceChangesNothingTheSecondTime() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());
        sync.receive(new Snapshot("e1", 5, List.of(), 1, 1));
        Delta delta = new Delta("e1", 5, 6, List.of("198.51.100.9/32"), List.of());
        sync.receive(delta);
        int callsBefore = dataplane.calls.size();

        List<GatewayMessage> again = sync.receive(delta);

        assertThat(dataplane.calls).hasSize(callsBefore);
        assertThat(again).singleElement().isInstanceOfSatisfying(Ack.class, ack -> {
            assertThat(ack.revision()).isEqualTo(6);
            assertThat(ack.applied()).isZero();
        });
    }

    @Test
    void internalAddressesInADeltaAreSkippedAndForgottenWhenRemoved() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());
        sync.receive(new Snapshot("e1", 1, List.of(), 1, 1));

        Ack ack = (Ack) sync.receive(new Delta("e1", 1, 2, List.of("192.168.1.1/32", "0.0.0.0/0"), List.of())).get(0);
        assertThat(ack.skipped()).extracting(Skipped::cidr).containsExactlyInAnyOrder("192.168.1.1/32", "0.0.0.0/0");
        assertThat(dataplane.enforced).isEmpty();
        assertThat(sync.current().skipped()).hasSize(2);

        sync.receive(new Delta("e1", 2, 3, List.of(), List.of("192.168.1.1/32")));
        assertThat(sync.current().skipped()).containsOnlyKeys("0.0.0.0/0");
    }

    @Test
    void aFailedApplyIsNeitherRememberedNorAcknowledged() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());
        sync.receive(new Snapshot("e1", 1, List.of("203.0.113.1/32"), 1, 1));
        dataplane.failNext = new DataplaneException("iptables-restore failed");

        assertThatThrownBy(() -> sync.receive(new Delta("e1", 1, 2, List.of("203.0.113.2/32"), List.of())))
                .isInstanceOf(DataplaneException.class);
        assertThat(sync.current().revision()).isEqualTo(1L);
        assertThat(new StateFile(stateDir).load()).get().extracting(AppliedAllowlist::revision).isEqualTo(1L);
    }

    @Test
    void messagesOnlyTheGatewaySendsAreIgnored() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());

        assertThat(sync.receive(new Stats(List.of()))).isEmpty();
        assertThat(sync.receive(new Ack(1, 0, List.of(), 0))).isEmpty();
    }
}
