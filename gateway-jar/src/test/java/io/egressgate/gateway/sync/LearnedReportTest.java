package io.egressgate.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.Screening;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.RecordingDataplane;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Learned;
import io.egressgate.protocol.LearnedAddress;
import io.egressgate.protocol.Snapshot;
import io.egressgate.gateway.testbed.FakeServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learned addresses go to a server that said it takes them, at most one frame a second, and never
 * to an older one, which would close the connection on the unknown message type.
 */
class LearnedReportTest {

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<LearnedAddress> pending = new ConcurrentLinkedQueue<>();

    private ServerLink link(FakeServer server) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "s3cret\n");
        RecordingDataplane dataplane = new RecordingDataplane();
        Synchronizer synchronizer = new Synchronizer(dataplane, new StateFile(dir.resolve("state")),
                new Screening(AllowlistPolicy.defaults(), true), new GatewayIdentity("gw-1", "gate-a", "test"),
                SyncListener.NONE);
        synchronizer.enforce(AppliedAllowlist.empty());
        LinkSettings settings = new LinkSettings(List.of(URI.create(server.url())), tokenFile, null,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Backoff.of(Duration.ofMillis(100), Duration.ofMillis(400)),
                Duration.ofSeconds(5));
        LearnedReports reports = limit -> {
            List<LearnedAddress> taken = new java.util.ArrayList<>();
            for (LearnedAddress next; taken.size() < limit && (next = pending.poll()) != null; ) {
                taken.add(next);
            }
            return taken;
        };
        ServerLink link = new ServerLink(settings, synchronizer, dataplane::traffic, SyncListener.NONE, reports);
        link.start();
        return link;
    }

    @Test
    void aServerThatTakesLearnedGetsThemBatched() throws Exception {
        try (FakeServer server = new FakeServer("s3cret", FakeServer.freePort()).start(); ServerLink link = link(server)) {
            server.next(Hello.class, Duration.ofSeconds(10));
            server.send(new Snapshot("e1", 1, List.of(), 1, 1, null, List.of("*.cdn.example.net"), List.of("learned")));
            for (int i = 0; i < 1_500; i++) {
                pending.add(new LearnedAddress("n" + i + ".cdn.example.net", "198.51.100." + (i % 250) + "/32", 600));
            }
            Learned first = server.next(Learned.class, Duration.ofSeconds(10));
            Learned second = server.next(Learned.class, Duration.ofSeconds(10));
            assertThat(first.addresses()).hasSize(Learned.MAX_ADDRESSES);
            assertThat(second.addresses()).hasSize(500);
            assertThat(first.addresses().get(0).name()).isEqualTo("n0.cdn.example.net");
        }
    }

    @Test
    void anOlderServerGetsNone() throws Exception {
        try (FakeServer server = new FakeServer("s3cret", FakeServer.freePort()).start(); ServerLink link = link(server)) {
            server.next(Hello.class, Duration.ofSeconds(10));
            server.send(new Snapshot("e1", 1, List.of(), 1, 1, null, List.of("*.cdn.example.net")));
            pending.add(new LearnedAddress("a.cdn.example.net", "198.51.100.1/32", 600));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> server.next(Learned.class, Duration.ofMillis(2_500)))
                    .as("nothing of type learned").isInstanceOf(AssertionError.class);
            assertThat(pending).as("kept, not thrown away").hasSize(1);
        }
    }
}
