package io.egressgate.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.Screening;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.RecordingDataplane;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.Snapshot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names the DNS forwarder allows come with snapshots and deltas and are kept in the state file. */
class SynchronizerNamesTest {

    @TempDir
    Path stateDir;

    private Synchronizer synchronizer() {
        return new Synchronizer(new RecordingDataplane(), new StateFile(stateDir),
                new Screening(AllowlistPolicy.defaults(), true), new GatewayIdentity("gw-1", "gate-a", "0.1.0"),
                SyncListener.NONE);
    }

    @Test
    void aSnapshotsNamesFromAllItsPartsAreAppliedWithItAndSurviveARestart() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());
        List<Snapshot> parts = Snapshot.split("e1", 3, List.of("203.0.113.7/32", "198.51.100.0/24"), 1, null,
                List.of("API.example.com", "*.cdn.example.net", "not a name!"));
        sync.receive(parts.get(1));
        assertThat(sync.current().names()).as("not before the whole snapshot").isEmpty();
        sync.receive(parts.get(0));

        assertThat(sync.current().names()).containsExactly("*.cdn.example.net", "api.example.com");
        assertThat(new StateFile(stateDir).load().orElseThrow().names()).as("kept for a restart without the server")
                .containsExactly("*.cdn.example.net", "api.example.com");
    }

    @Test
    void theSavedNamesAreEnforcedAtStart() {
        Synchronizer sync = synchronizer();
        sync.enforce(new AppliedAllowlist("e1", 2L, new java.util.TreeSet<>(), java.util.Map.of(), null,
                new java.util.TreeSet<>(List.of("*.fresh.example.net"))));
        assertThat(sync.current().names()).containsExactly("*.fresh.example.net");
    }

    @Test
    void deltasAddAndRemoveNamesAndADeltaFromAnOlderServerKeepsThem() {
        Synchronizer sync = synchronizer();
        sync.enforce(AppliedAllowlist.empty());
        Snapshot.split("e1", 3, List.of(), 10, null, List.of("a.example.com", "*.b.example.com"))
                .forEach(sync::receive);

        sync.receive(new Delta("e1", 3, 4, List.of(), List.of(), null, List.of("*.c.example.com"), List.of("a.example.com")));
        assertThat(sync.current().names()).containsExactly("*.b.example.com", "*.c.example.com");

        sync.receive(new Delta("e1", 4, 5, List.of("203.0.113.9/32"), List.of()));
        assertThat(sync.current().names()).as("a delta without names changes none")
                .containsExactly("*.b.example.com", "*.c.example.com");
        assertThat(new StateFile(stateDir).load().orElseThrow().names()).containsExactly("*.b.example.com", "*.c.example.com");
        assertThat(new StateFile(stateDir).load().orElseThrow().revision()).isEqualTo(5L);
    }
}
