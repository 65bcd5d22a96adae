package io.egressgate.gateway.sync;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.Screening;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.RecordingDataplane;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Deltas that queued up together are applied as one, with the same outcome as one by one. */
class DeltaRunTest {

    @TempDir
    Path dir;

    private Synchronizer synchronizer(RecordingDataplane dataplane, String name) {
        Synchronizer sync = new Synchronizer(dataplane, new StateFile(dir.resolve(name)),
                new Screening(AllowlistPolicy.defaults(), true), new GatewayIdentity("gw-1", "gate-a", "test"),
                SyncListener.NONE);
        sync.enforce(AppliedAllowlist.empty());
        return sync;
    }

    private static Delta delta(long from, List<String> add, List<String> remove) {
        return new Delta("e1", from, from + 1, add, remove, null, List.of(), List.of(), List.of());
    }

    @Test
    void theLastWordOnAnAddressCounts() {
        DeltaRun run = new DeltaRun(delta(3, List.of("203.0.113.1/32", "203.0.113.2/32"), List.of("203.0.113.9/32")));
        assertThat(run.append(delta(4, List.of("203.0.113.9/32"), List.of("203.0.113.2/32")))).isTrue();
        Delta folded = run.delta();

        assertThat(folded.fromRevision()).isEqualTo(3);
        assertThat(folded.toRevision()).isEqualTo(5);
        assertThat(folded.add()).containsExactly("203.0.113.1/32", "203.0.113.9/32");
        assertThat(folded.remove()).containsExactly("203.0.113.2/32");
    }

    @Test
    void onlyADeltaThatContinuesIsFolded() {
        DeltaRun run = new DeltaRun(delta(3, List.of("203.0.113.1/32"), List.of()));

        assertThat(run.append(delta(5, List.of("203.0.113.2/32"), List.of()))).isFalse();
        assertThat(run.delta().toRevision()).isEqualTo(4);
        assertThat(run.delta().add()).containsExactly("203.0.113.1/32");
    }

    @Test
    void aBurstOfAddsIsOneKernelBatchAndOneAck() {
        RecordingDataplane dataplane = new RecordingDataplane();
        Synchronizer sync = synchronizer(dataplane, "burst");
        sync.receive(new Snapshot("e1", 0, List.of(), 1, 1));
        dataplane.calls.clear();
        List<GatewayMessage> burst = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            burst.add(delta(i, List.of("2001:db8::" + Integer.toHexString(i + 1) + "/128"), List.of()));
        }

        List<GatewayMessage> replies = sync.receiveAll(burst);

        assertThat(dataplane.calls).hasSize(1);
        assertThat(dataplane.enforced).hasSize(500);
        assertThat(replies).singleElement().isInstanceOfSatisfying(Ack.class, ack -> {
            assertThat(ack.revision()).isEqualTo(500);
            assertThat(ack.applied()).isEqualTo(500);
        });
        assertThat(sync.current().revision()).isEqualTo(500);
    }

    @Test
    void aDeltaThatDoesNotContinueStillGetsItsHello() {
        RecordingDataplane dataplane = new RecordingDataplane();
        Synchronizer sync = synchronizer(dataplane, "gap");
        sync.receive(new Snapshot("e1", 0, List.of(), 1, 1));

        List<GatewayMessage> replies = sync.receiveAll(List.of(delta(0, List.of("203.0.113.1/32"), List.of()),
                delta(5, List.of("203.0.113.2/32"), List.of())));

        assertThat(replies).hasSize(2);
        assertThat(replies.get(0)).isInstanceOf(Ack.class);
        assertThat(replies.get(1)).isInstanceOf(Hello.class);
        assertThat(dataplane.enforced).containsExactly(Cidr.parse("203.0.113.1"));
    }

    /**
     * Random runs over a few addresses: folded and one by one end in the same allowed set, and the
     * folded batch never takes out an address that was allowed before and after (fail closed).
     */
    @Test
    void foldedRunsEndWhereOneByOneEndsAndNeverOpenAGap() {
        Random random = new Random(5);
        List<String> universe = List.of("203.0.113.1/32", "203.0.113.2/32", "203.0.113.3/32", "2001:db8::1/128",
                "2001:db8::2/128", "198.51.100.0/24");
        for (int round = 0; round < 200; round++) {
            RecordingDataplane oneByOneKernel = new RecordingDataplane();
            RecordingDataplane foldedKernel = new RecordingDataplane();
            Synchronizer oneByOne = synchronizer(oneByOneKernel, "a" + round);
            Synchronizer folded = synchronizer(foldedKernel, "b" + round);
            List<String> start = universe.stream().filter(c -> random.nextBoolean()).toList();
            Snapshot snapshot = new Snapshot("e1", 0, start, 1, 1);
            oneByOne.receive(snapshot);
            folded.receive(snapshot);
            Set<String> state = new HashSet<>(start);
            List<GatewayMessage> run = new ArrayList<>();
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                List<String> add = new ArrayList<>();
                List<String> remove = new ArrayList<>();
                for (String cidr : universe) {
                    int dice = random.nextInt(4);
                    if (dice == 0 && !state.contains(cidr)) {
                        add.add(cidr);
                    } else if (dice == 1 && state.contains(cidr)) {
                        remove.add(cidr);
                    }
                }
                state.addAll(add);
                remove.forEach(state::remove);
                run.add(delta(i, add, remove));
            }
            run.forEach(oneByOne::receive);
            Set<Cidr> before = new HashSet<>(foldedKernel.enforced);
            folded.receiveAll(run);

            assertThat(foldedKernel.enforced).isEqualTo(oneByOneKernel.enforced);
            assertThat(folded.current().allowed()).isEqualTo(oneByOne.current().allowed());
            assertThat(folded.current().revision()).isEqualTo(length);
            Set<Cidr> kept = new HashSet<>(before);
            kept.retainAll(foldedKernel.enforced);
            String batch = foldedKernel.calls.get(foldedKernel.calls.size() - 1);
            String removed = batch.substring(batch.indexOf(" -"));
            kept.forEach(cidr -> assertThat(removed).doesNotContain(cidr.toString()));
        }
    }
}
