package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Snapshot;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three real servers on one MariaDB database, joined by Payara's data grid on loopback (tcpip
 * discovery): a change made on A reaches a gateway connected to B; revoking a token on A closes its
 * connection on C; after {@code kill -9} of B the gateway goes on with the next server it lists and
 * gets a delta from its revision, and a console session signed in on B is still signed in on C;
 * failed sign-ins on A throttle the same name and address on C; after {@code kill -9} of the leader
 * the resolver (only ever on the leader) runs on a survivor.
 * The steps build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariaDbClusterIT {

    static final String DATABASE = "egressgate_cluster_it";
    static final String DOMAIN = "moving-" + UUID.randomUUID().toString().substring(0, 8) + ".cluster.example";
    /** Bounds, not targets: ten times what one instance needs, or the grid's 15 s for a silent member. */
    static final Duration DELIVERY = Duration.ofSeconds(15);
    static final Duration FAILOVER = Duration.ofSeconds(40);

    static TestDnsServer dns;
    static final List<RunningServer> servers = new ArrayList<>();
    static RunningServer a;
    static RunningServer b;
    static RunningServer c;
    static TestGateway gateway;
    /** What the gateway has applied: where it resumes on another server. */
    static String epoch;
    static long revision;
    static String gatewayId = "gw-cluster-" + UUID.randomUUID();
    static String gatewayToken;
    /** A browser's cookie jar: the session cookie goes to every instance on 127.0.0.1, whatever the port. */
    static final HttpClient console = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startThreeInstances() throws Exception {
        dns = new TestDnsServer();
        dns.a(DOMAIN, 1, "203.0.113.51");
        Path base = Servers.mariadbConfig(DATABASE);
        int[] gridPorts = {RunningServer.portOutsideEphemeralRange(), RunningServer.portOutsideEphemeralRange(),
                RunningServer.portOutsideEphemeralRange()};
        String members = java.util.Arrays.stream(gridPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        try {
            for (int i = 0; i < 3; i++) {
                Path config = Files.createTempFile("egress-gate-it-cluster-" + i, ".yaml");
                Files.writeString(config, Files.readString(base) + String.join("\n",
                        "cluster_mode: \"tcpip:" + members + "\"",
                        "cluster_interface: \"127.0.0.1\"",
                        "cluster_port: " + gridPorts[i],
                        "dns_servers: [\"" + dns.address() + "\"]",
                        "resolve_interval: 2", "min_ttl: 1", "grace_period: 2", ""));
                RunningServer server = new RunningServer("cluster-" + (char) ('a' + i), config);
                servers.add(server);
                // one after the other: A is the oldest member, so the one that runs the resolver at first
                server.start();
            }
        } catch (Exception | AssertionError e) {
            stopAll();
            throw e;
        }
        a = servers.get(0);
        b = servers.get(1);
        c = servers.get(2);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (RunningServer server : servers) {
            server.kill();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    @Order(1)
    void theThreeFormOneGridWithTheOldestLeading() throws Exception {
        for (RunningServer server : servers) {
            assertThat(metric(server, "egressgate_cluster_members")).as(server.logFile().toString()).hasValue(3.0);
            assertThat(server.log()).contains("joining the data grid tcpip:");
        }
        assertThat(leaders(servers)).containsExactly(a);
    }

    @Test
    @Order(2)
    void aChangeOnAReachesAGatewayConnectedToB() throws Exception {
        gatewayToken = a.api().createToken("cluster gateway", "gateway");
        gateway = TestGateway.connect(b.gatewayUri(), gatewayToken);
        gateway.send(new Hello(gatewayId, "host-cluster", "test", null, null));
        Snapshot snapshot = gateway.next(Snapshot.class, 30);
        while (snapshot.part() < snapshot.parts()) {
            snapshot = gateway.next(Snapshot.class, 30);
        }
        long started = System.nanoTime();
        a.api().add("203.0.113.41", false);
        Delta delta = nextDeltaAdding(gateway, "203.0.113.41/32", DELIVERY);
        System.out.printf("cluster: API call on A -> delta at a gateway on B: %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        assertThat(delta.fromRevision()).isEqualTo(snapshot.revision());
        epoch = delta.epoch();
        revision = delta.toRevision();
        assertThat(eventually(DELIVERY, () -> connectedOn(a, gatewayId))).as("A lists the gateway on B as connected")
                .isTrue();
        // B writes the fleet's acks to MariaDB as one batch a second; A reads what B wrote
        gateway.send(new Ack(revision, 1, List.of(), 7));
        assertThat(eventually(DELIVERY, () -> ackedOn(a, gatewayId, revision))).as("A shows the ack B received")
                .isTrue();
    }

    /** Whether {@code server}'s gateways API shows the gateway's stored ack of {@code revision}. */
    private static boolean ackedOn(RunningServer server, String id, long revision) {
        try {
            return server.api().get("/api/v1/gateways").array().stream().map(v -> v.asJsonObject())
                    .anyMatch(g -> g.getString("id").equals(id) && !g.isNull("lastAck")
                            && !g.isNull("appliedRevision") && g.getJsonNumber("appliedRevision").longValue() == revision);
        } catch (Exception e) {
            return false;
        }
    }

    /** Whether {@code server}'s gateways API says the gateway is connected (to whichever instance). */
    private static boolean connectedOn(RunningServer server, String id) {
        try {
            return server.api().get("/api/v1/gateways").array().stream().map(v -> v.asJsonObject())
                    .anyMatch(g -> g.getString("id").equals(id) && g.getBoolean("connected"));
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    @Order(3)
    void revokingATokenOnAClosesItsConnectionOnC() throws Exception {
        String token = a.api().createToken("doomed gateway", "gateway");
        try (TestGateway doomed = TestGateway.connect(c.gatewayUri(), token)) {
            doomed.send(new Hello("gw-doomed-" + UUID.randomUUID(), "host-doomed", "test", null, null));
            doomed.next(Snapshot.class, 30);
            long id = a.api().get("/api/v1/tokens").array().stream().map(v -> v.asJsonObject())
                    .filter(t -> t.getString("name").equals("doomed gateway"))
                    .mapToLong(t -> t.getJsonNumber("id").longValue()).findFirst().orElseThrow();
            assertThat(a.api().delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
            assertThat(doomed.awaitClose(DELIVERY.toSeconds()).getCloseCode().getCode()).isEqualTo(1008);
        }
        assertThat(gateway.isOpen()).as("another token's connection stays").isTrue();
    }

    @Test
    @Order(4)
    void aConsoleUserSignsInOnB() throws Exception {
        HttpResponse<String> signedIn = signIn(console, b, "admin", RunningServer.ADMIN_TOKEN);
        assertThat(signedIn.headers().firstValue("Location")).as("signed in").hasValueSatisfying(
                location -> assertThat(location).endsWith("/console/overview.xhtml"));
        assertThat(overviewStatus(b)).isEqualTo(200);
    }

    @Test
    @Order(4)
    void failedSignInsOnAThrottleTheSameNameAndAddressOnC() throws Exception {
        // a browser of its own: the guesser's cookies stay out of the admin's session
        HttpClient guesser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        String name = "guesser-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(guesser, a, name, "wrong-" + i).body()).doesNotContain("Too many failed attempts");
        }
        assertThat(signIn(guesser, c, name, "wrong-again").body()).as("the failures on A count on C")
                .contains("Too many failed attempts");
    }

    /** Posts the sign-in form of {@code server} as a browser with {@code client}'s cookies does. */
    private static HttpResponse<String> signIn(HttpClient client, RunningServer server, String username, String password)
            throws Exception {
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/login.xhtml")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher state = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        Matcher nonce = Pattern.compile("nonce=\"([^\"]+)\"").matcher(page.body());
        assertThat(state.find() && nonce.find()).as("the sign-in form's view state and CSP nonce").isTrue();
        String form = Map.of("signin", "signin", "signin:username", username, "signin:password", password,
                        "signin:submit", "", "jakarta.faces.ViewState", state.group(1), "primefaces.nonce", nonce.group(1))
                .entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(5)
    void afterKillingBTheGatewayGoesOnWithTheNextServerFromItsRevision() throws Exception {
        b.kill();
        gateway.awaitClose(DELIVERY.toSeconds());
        // the gateway's server list is B, C, A: it tries the next one, saying what it has applied
        gateway = TestGateway.connect(c.gatewayUri(), gatewayToken);
        gateway.send(new Hello(gatewayId, "host-cluster", "test", epoch, revision));
        Delta resumed = gateway.next(Delta.class, 30);
        assertThat(resumed.fromRevision()).as("a delta from its revision, not a snapshot").isEqualTo(revision);
        a.api().add("203.0.113.42", false);
        nextDeltaAdding(gateway, "203.0.113.42/32", DELIVERY);
        assertThat(eventually(FAILOVER, () -> metric(a, "egressgate_cluster_members").equals(Optional.of(2.0)))).isTrue();
        assertThat(overviewStatus(c)).as("the console session signed in on B, on C").isEqualTo(200);
    }

    @Test
    @Order(6)
    void afterKillingTheLeaderTheResolverRunsOnASurvivor() throws Exception {
        a.api().add(DOMAIN, false);
        nextDeltaAdding(gateway, "203.0.113.51/32", DELIVERY);
        long queriesBefore = dns.queriesFor(DOMAIN);
        assertThat(eventually(DELIVERY, () -> dns.queriesFor(DOMAIN) > queriesBefore + 1))
                .as("A resolves the domain again and again (TTL 1 s)").isTrue();
        assertThat(metric(c, "egressgate_cluster_leading")).hasValue(0.0);
        double resolvedOnA = metric(a, "egressgate_resolver_names_resolved_total").orElse(0.0);
        double resolvedOnC = metric(c, "egressgate_resolver_names_resolved_total").orElse(0.0);
        Thread.sleep(4_000); // two resolve intervals: the TTL of 1 s makes the name due on every one
        assertThat(metric(a, "egressgate_resolver_names_resolved_total").orElse(0.0)).as("the leader resolves")
                .isGreaterThan(resolvedOnA);
        assertThat(metric(c, "egressgate_resolver_names_resolved_total").orElse(0.0)).as("only the leader resolves")
                .isEqualTo(resolvedOnC);

        a.kill();
        dns.a(DOMAIN, 1, "203.0.113.52");
        long killed = System.nanoTime();
        assertThat(eventually(FAILOVER, () -> metric(c, "egressgate_cluster_leading").equals(Optional.of(1.0))))
                .as("C leads once A is gone").isTrue();
        Delta moved = nextDeltaAdding(gateway, "203.0.113.52/32", FAILOVER);
        System.out.printf("cluster: kill -9 of the leader -> new address resolved on C at the gateway: %d ms%n",
                (System.nanoTime() - killed) / 1_000_000);
        assertThat(moved.add()).contains("203.0.113.52/32");
    }

    private static Delta nextDeltaAdding(TestGateway gateway, String cidr, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<GatewayMessage> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            GatewayMessage message = gateway.poll(200);
            if (message instanceof Delta delta && delta.add().contains(cidr)) {
                return delta;
            }
            if (message != null) {
                seen.add(message);
            }
        }
        throw new AssertionError("no delta adding " + cidr + " within " + within + "; got " + seen);
    }

    /** 200 while the console session is valid; a redirect to the sign-in page otherwise. */
    private static int overviewStatus(RunningServer server) throws Exception {
        return console.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/console/overview.xhtml")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<RunningServer> leaders(List<RunningServer> candidates) {
        return candidates.stream().filter(s -> metric(s, "egressgate_cluster_leading").equals(Optional.of(1.0))).toList();
    }

    /** An application gauge from /metrics, or empty when the server does not answer. */
    private static Optional<Double> metric(RunningServer server, String name) {
        try {
            Api.Reply reply = server.api().get("/metrics");
            Matcher value = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})?\\s+(\\S+)$").matcher(reply.body());
            return value.find() ? Optional.of(Double.parseDouble(value.group(1))) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean eventually(Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.getAsBoolean();
    }
}
