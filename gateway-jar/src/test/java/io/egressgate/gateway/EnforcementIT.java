package io.egressgate.gateway;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.Screening;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.CommandRunner;
import io.egressgate.gateway.dataplane.DataplaneOptions;
import io.egressgate.gateway.dataplane.Drift;
import io.egressgate.gateway.dataplane.Forwarding;
import io.egressgate.gateway.dataplane.IpsetDataplane;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Skipped;
import io.egressgate.protocol.Snapshot;
import io.egressgate.gateway.sync.Backoff;
import io.egressgate.gateway.sync.GatewayIdentity;
import io.egressgate.gateway.sync.LinkSettings;
import io.egressgate.gateway.sync.ServerLink;
import io.egressgate.gateway.sync.SyncListener;
import io.egressgate.gateway.sync.Synchronizer;
import io.egressgate.gateway.testbed.FakeServer;
import io.egressgate.gateway.testbed.Namespaces;
import io.egressgate.gateway.traffic.GatewayHealth;
import io.egressgate.gateway.traffic.MetricsServer;
import io.egressgate.gateway.traffic.TrafficCollector;
import io.egressgate.gateway.traffic.TrafficReader;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.egressgate.gateway.testbed.Namespaces.ALLOWED;
import static io.egressgate.gateway.testbed.Namespaces.ALLOWED6;
import static io.egressgate.gateway.testbed.Namespaces.CLIENT_ADDRESS;
import static io.egressgate.gateway.testbed.Namespaces.GATEWAY;
import static io.egressgate.gateway.testbed.Namespaces.GATEWAY_OUTSIDE;
import static io.egressgate.gateway.testbed.Namespaces.INTERNAL;
import static io.egressgate.gateway.testbed.Namespaces.OTHER;
import static io.egressgate.gateway.testbed.Namespaces.OTHER6;
import static io.egressgate.gateway.testbed.Namespaces.OTHER_NET;
import static io.egressgate.gateway.testbed.Namespaces.fetch;
import static io.egressgate.gateway.testbed.Namespaces.in;
import static io.egressgate.gateway.testbed.Namespaces.tryIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's dataplane in real namespaces with real iptables and ipset, fed by the real sync over
 * WebSocket from a test peer: what gets through, what is dropped, what is left alone, the counters,
 * drift repair and revocation.
 */
class EnforcementIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Namespaces namespaces;

    @TempDir
    Path stateDir;

    private IpsetDataplane dataplane;
    private FakeServer server;
    private ServerLink link;
    private MetricsServer metrics;
    private GatewayHealth health;

    @BeforeAll
    static void createNamespaces() {
        namespaces = Namespaces.create();
    }

    @AfterAll
    static void removeNamespaces() {
        if (namespaces != null) {
            namespaces.close();
        }
    }

    @BeforeEach
    void startGateway() throws Exception {
        CommandRunner runner = CommandRunner.inNamespace(GATEWAY);
        dataplane = new IpsetDataplane(runner, DataplaneOptions.defaults());
        dataplane.uninstall();
        tryIn(GATEWAY, "conntrack", "-F");
        assertThat(new Forwarding(runner).ensureEnabled(DataplaneOptions.defaults().families())).isEmpty();

        PrometheusRegistry registry = new PrometheusRegistry();
        health = new GatewayHealth(registry);
        TrafficReader traffic = new TrafficReader(dataplane::traffic, Duration.ofMillis(1));
        registry.register(new TrafficCollector(traffic, "gate-it"));
        metrics = new MetricsServer("127.0.0.1", 0, registry);

        Synchronizer synchronizer = new Synchronizer(dataplane, new StateFile(stateDir),
                new Screening(AllowlistPolicy.defaults(), true), new GatewayIdentity("gw-it", "gate-it", "it"), health);
        synchronizer.enforce(AppliedAllowlist.empty());
        server = new FakeServer("t0ken", FakeServer.freePort()).start();
        Path token = Files.writeString(stateDir.resolve("token"), "t0ken");
        link = new ServerLink(new LinkSettings(List.of(URI.create(server.url())), token, null, Duration.ofSeconds(5),
                Duration.ofSeconds(60), Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(1)), Duration.ofSeconds(5)),
                synchronizer, traffic, health);
        link.start();
        server.next(Hello.class, WAIT);
    }

    @AfterEach
    void stopGateway() {
        if (link != null) {
            link.close();
        }
        if (server != null) {
            server.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        tryIn(GATEWAY, "iptables", "-P", "FORWARD", "ACCEPT");
    }

    private Ack publish(String... cidrs) throws InterruptedException {
        Snapshot.split("e1", 1, List.of(cidrs), 2).forEach(server::send);
        return server.next(Ack.class, WAIT);
    }

    @Test
    void onlyPublishedDestinationsGetThroughAndInternalOnesAreLeftAlone() throws Exception {
        Ack ack = publish(ALLOWED + "/32", ALLOWED6 + "/128", INTERNAL + "/32");

        assertThat(ack.skipped()).extracting(Skipped::cidr).containsExactly(INTERNAL + "/32");
        assertThat(fetch(ALLOWED)).isEqualTo("hello " + GATEWAY_OUTSIDE);
        assertThat(fetch(ALLOWED6)).isEqualTo("hello fd61:2:0:0:0:0:0:1");
        assertThat(fetch(OTHER)).isNull();
        assertThat(fetch(OTHER_NET)).isNull();
        assertThat(fetch(OTHER6)).isNull();
        assertThat(fetch(INTERNAL)).as("internal: forwarded untouched, not masqueraded").isEqualTo("hello " + CLIENT_ADDRESS);

        in(GATEWAY, "iptables", "-P", "FORWARD", "DROP");
        assertThat(fetch(ALLOWED)).as("allowed whatever the FORWARD policy").isEqualTo("hello " + GATEWAY_OUTSIDE);
        in(GATEWAY, "iptables", "-P", "FORWARD", "ACCEPT");
        in(GATEWAY, "iptables", "-A", "FORWARD", "-j", "ACCEPT");
        assertThat(fetch(OTHER)).as("dropped whatever comes after the gateway's jump").isNull();
    }

    @Test
    void countersRiseInBothDirectionsWithTheSeedsLabels() throws Exception {
        publish(ALLOWED + "/32", "198.51.100.0/24");
        for (int i = 0; i < 3; i++) {
            assertThat(fetch(ALLOWED)).isNotNull();
        }
        assertThat(fetch(OTHER)).isNull();

        String body = scrape();
        long outBytes = value(body, "iptables_bytes_count", ALLOWED + "/32", "OUTPUT");
        long inBytes = value(body, "iptables_bytes_count", ALLOWED + "/32", "INPUT");
        long outPackets = value(body, "iptables_packets_count", ALLOWED + "/32", "OUTPUT");
        long inPackets = value(body, "iptables_packets_count", ALLOWED + "/32", "INPUT");

        assertThat(outPackets).isGreaterThanOrEqualTo(3 * 5); // SYN, ACK, request, FIN, ACK at least
        assertThat(inPackets).isGreaterThanOrEqualTo(3 * 3);
        assertThat(outBytes).isGreaterThan(outPackets * 40);
        assertThat(inBytes).isGreaterThan(inPackets * 40);
        assertThat(value(body, "iptables_packets_count", "198.51.100.0/24", "OUTPUT")).isZero();
        assertThat(body).doesNotContain("ip=\"" + OTHER);

        fetch(ALLOWED);
        assertThat(value(scrape(), "iptables_bytes_count", ALLOWED + "/32", "INPUT")).isGreaterThan(inBytes);
    }

    @Test
    void driftIsRepairedAndCounted() throws Exception {
        publish(ALLOWED + "/32");
        assertThat(dataplane.reconcile().found()).isFalse();

        in(GATEWAY, "iptables", "-F");
        in(GATEWAY, "iptables", "-t", "nat", "-F");
        assertThat(fetch(OTHER)).as("with the rules flushed, the DROP policy keeps the gate closed").isNull();
        in(GATEWAY, "iptables", "-P", "FORWARD", "ACCEPT");
        assertThat(fetch(OTHER)).as("rules flushed and policy opened: open until repaired").isNotNull();
        Drift rules = dataplane.reconcile();
        health.reconciled(rules);

        assertThat(rules.repairs()).anyMatch(r -> r.contains("EGRESS-GATE-FWD")).anyMatch(r -> r.contains("nat"))
                .anyMatch(r -> r.contains("policy is ACCEPT"));
        assertThat(fetch(OTHER)).isNull();
        assertThat(fetch(ALLOWED)).isEqualTo("hello " + GATEWAY_OUTSIDE);

        in(GATEWAY, "ipset", "flush", "egress-gate-out4");
        assertThat(fetch(ALLOWED)).as("with the set flushed, nothing is allowed").isNull();
        Drift members = dataplane.reconcile();
        health.reconciled(members);

        assertThat(members.repairs()).singleElement().asString().contains("egress-gate-out4").contains("1 missing");
        assertThat(fetch(ALLOWED)).isEqualTo("hello " + GATEWAY_OUTSIDE);
        assertThat(dataplane.reconcile().found()).isFalse();
        String scraped = scrape();
        assertThat(scraped.lines().filter(line -> line.startsWith("egress_gate_drift_repairs_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum())
                .as("every repair counted").isEqualTo(rules.repairs().size() + 1);
        assertThat(scraped).contains("egress_gate_drift_repairs_total{what=\"policy\"} 1.0")
                .contains("egress_gate_drift_repairs_total{what=\"set\"} 1.0")
                .containsPattern("egress_gate_drift_repairs_total\\{what=\"chain\"} [1-9]");
    }

    @Test
    void aDeltaRemovingAnAddressStopsNewAndEstablishedConnections() throws Exception {
        publish(ALLOWED + "/32", OTHER + "/32");
        Path streamed = stateDir.resolve("stream");
        namespaces.start(Namespaces.CLIENT, "curl", "-s", "-N", "-m", "30", "-o", streamed.toString(),
                "http://" + ALLOWED + ":" + Namespaces.PORT + "/stream");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((!Files.exists(streamed) || Files.size(streamed) < 50) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Files.size(streamed)).as("the stream flows before revocation").isGreaterThanOrEqualTo(50);

        server.send(new Delta("e1", 1, 2, List.of(), List.of(ALLOWED + "/32")));
        assertThat(server.next(Ack.class, WAIT).revision()).isEqualTo(2);

        assertThat(fetch(ALLOWED)).isNull();
        assertThat(fetch(OTHER)).isEqualTo("hello " + GATEWAY_OUTSIDE);
        Thread.sleep(1500);
        long afterRevocation = Files.size(streamed);
        Thread.sleep(2000);
        assertThat(Files.size(streamed)).as("the established stream stopped").isEqualTo(afterRevocation);
    }

    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metrics.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long value(String body, String metric, String ip, String type) {
        Matcher matcher = Pattern.compile(Pattern.quote(metric + "{hostname=\"gate-it\",ip=\"" + ip + "\",type=\"" + type
                + "\"} ") + "([0-9.eE+]+)").matcher(body);
        assertThat(matcher.find()).as(metric + " for " + ip + " " + type + " in\n" + body).isTrue();
        return (long) Double.parseDouble(matcher.group(1));
    }
}
