package io.egressgate.gateway.sync;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.Screening;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.RecordingDataplane;
import io.egressgate.gateway.dataplane.Traffic;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Skipped;
import io.egressgate.protocol.Snapshot;
import io.egressgate.protocol.Stats;
import io.egressgate.gateway.testbed.FakeServer;
import io.egressgate.gateway.testbed.SilentRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The link against a real WebSocket server on loopback: handshake, protocol, reconnects, liveness. */
class ServerLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final RecordingDataplane dataplane = new RecordingDataplane();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private ServerLink link(String token, Duration ping, String... urls) throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, token + "\n");
        Synchronizer synchronizer = new Synchronizer(dataplane, new StateFile(dir.resolve("state")),
                new Screening(AllowlistPolicy.defaults(), true), new GatewayIdentity("gw-1", "gate-a", "test"),
                SyncListener.NONE);
        synchronizer.enforce(AppliedAllowlist.empty());
        LinkSettings settings = new LinkSettings(List.of(urls).stream().map(URI::create).toList(), tokenFile, null,
                ping, Duration.ofMillis(300), Backoff.of(Duration.ofMillis(100), Duration.ofMillis(400)),
                Duration.ofSeconds(5));
        ServerLink link = new ServerLink(settings, synchronizer, dataplane::traffic, new SyncListener() {
            @Override
            public void connected(String server) {
                events.add("connected " + server);
            }

            @Override
            public void disconnected(String server, String why) {
                events.add("disconnected " + why);
            }
        });
        toClose.add(link);
        link.start();
        return link;
    }

    private FakeServer server(int port) {
        FakeServer server = new FakeServer("s3cret", port).start();
        toClose.add(server);
        return server;
    }

    @Test
    void helloSnapshotDeltaAndAcksTravelBothWays() throws Exception {
        FakeServer server = server(FakeServer.freePort());
        link("s3cret", Duration.ofSeconds(5), server.url());

        assertThat(server.next(Hello.class, WAIT)).isEqualTo(new Hello("gw-1", "gate-a", "test", null, null, Hello.ENFORCE));
        Snapshot.split("e1", 3, List.of("203.0.113.7/32", "10.0.0.1/32", "198.51.100.0/24"), 2).forEach(server::send);
        Ack snapshotAck = server.next(Ack.class, WAIT);
        server.send(new Delta("e1", 3, 4, List.of("203.0.113.8/32"), List.of("203.0.113.7/32")));
        Ack deltaAck = server.next(Ack.class, WAIT);

        assertThat(snapshotAck.revision()).isEqualTo(3);
        assertThat(snapshotAck.applied()).isEqualTo(2);
        assertThat(snapshotAck.skipped()).extracting(Skipped::cidr).containsExactly("10.0.0.1/32");
        assertThat(deltaAck.revision()).isEqualTo(4);
        assertThat(dataplane.enforced).containsExactly(Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.8"));
    }

    @Test
    void aGapIsAnsweredWithHelloAndStatsArriveRegularly() throws Exception {
        FakeServer server = server(FakeServer.freePort());
        dataplane.traffic.put(Cidr.parse("203.0.113.7"), new Traffic(100, 1, 200, 2));
        link("s3cret", Duration.ofSeconds(5), server.url());
        server.next(Hello.class, WAIT);
        server.send(new Snapshot("e1", 3, List.of("203.0.113.7/32"), 1, 1));
        server.next(Ack.class, WAIT);

        server.send(new Delta("e1", 5, 6, List.of("203.0.113.9/32"), List.of()));

        assertThat(server.next(Hello.class, WAIT).revision()).isEqualTo(3L);
        Stats stats = server.next(Stats.class, WAIT);
        assertThat(stats.counters()).singleElement()
                .satisfies(c -> assertThat(c.cidr()).isEqualTo("203.0.113.7/32"))
                .satisfies(c -> assertThat(c.inPackets()).isEqualTo(2));
        assertThat(dataplane.enforced).containsExactly(Cidr.parse("203.0.113.7"));
    }

    @Test
    void aRestartedServerGetsAHelloWithTheAppliedRevision() throws Exception {
        int port = FakeServer.freePort();
        FakeServer first = server(port);
        link("s3cret", Duration.ofSeconds(5), first.url());
        first.next(Hello.class, WAIT);
        first.send(new Snapshot("e1", 9, List.of("203.0.113.7/32"), 1, 1));
        first.next(Ack.class, WAIT);

        first.close();
        FakeServer second = server(port);

        assertThat(second.next(Hello.class, WAIT)).extracting(Hello::epoch, Hello::revision).containsExactly("e1", 9L);
        assertThat(dataplane.enforced).containsExactly(Cidr.parse("203.0.113.7"));
    }

    @Test
    void serversAreTriedInTurn() throws Exception {
        FakeServer alive = server(FakeServer.freePort());
        link("s3cret", Duration.ofSeconds(5), "ws://127.0.0.1:" + FakeServer.freePort() + "/ws/gateway", alive.url());

        assertThat(alive.next(Hello.class, WAIT).gatewayId()).isEqualTo("gw-1");
        assertThat(events).contains("connected " + alive.url());
    }

    @Test
    void aWrongTokenIsRefusedAndRetriedWithoutAHelloGettingThrough() throws Exception {
        FakeServer server = server(FakeServer.freePort());
        link("wrong", Duration.ofSeconds(5), server.url());

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.refused.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.refused.get()).isGreaterThanOrEqualTo(2);
        assertThat(server.received).isEmpty();
    }

    @Test
    void aSilentPeerIsDroppedAndReplaced() throws Exception {
        FakeServer server = server(FakeServer.freePort());
        SilentRelay relay = new SilentRelay(server.port());
        toClose.add(relay);
        link("s3cret", Duration.ofMillis(200), "ws://127.0.0.1:" + relay.port() + "/ws/gateway");
        server.next(Hello.class, WAIT);

        relay.silence();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (events.stream().noneMatch(e -> e.contains("three ping intervals")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        relay.speak();

        assertThat(events).anyMatch(e -> e.contains("no answer for three ping intervals"));
        assertThat(server.next(Hello.class, WAIT).gatewayId()).isEqualTo("gw-1");
        assertThat(server.connections.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aDroppedConnectionIsReestablished() throws Exception {
        FakeServer server = server(FakeServer.freePort());
        link("s3cret", Duration.ofSeconds(5), server.url());
        server.next(Hello.class, WAIT);

        server.dropConnection();

        assertThat(server.next(Hello.class, WAIT)).isNotNull();
        assertThat(events).anyMatch(e -> e.startsWith("disconnected closed by the server: 1001"));
    }
}
