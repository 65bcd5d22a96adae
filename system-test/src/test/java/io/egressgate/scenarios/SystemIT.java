package io.egressgate.scenarios;

import io.egressgate.deployment.ClientProbe;
import io.egressgate.deployment.Deployment;
import io.egressgate.deployment.Eventually;
import io.egressgate.deployment.GatewayProcess;
import io.egressgate.deployment.MetricsText;
import io.egressgate.deployment.Prometheus;
import io.egressgate.deployment.ServerApi;
import io.egressgate.network.Shell;
import io.egressgate.network.Site;
import io.egressgate.network.Topology;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static io.egressgate.scenarios.Boxes.hostCidr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenarios 1-8 of issue 6 on one box with the embedded H2: one server (killed and restarted in
 * scenario 5), gateway 1 with its client from the start, gateway 2 with its client from scenario 8.
 * The scenarios run in order and each says what it starts from; an address belongs to one scenario.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemIT {

    /** Scenario 2, 5: the first address put on the allowlist (deleted while the gateway is cut off). */
    static final String FIRST = "203.0.113.10";
    /** Scenario 4: added, then deleted. */
    static final String DELETED = "203.0.113.11";
    /** Scenario 4: added locked; can never go. */
    static final String LOCKED = "198.51.100.20";
    /** Scenario 3: what the domain resolves to before and after the DNS change. */
    static final String DOMAIN = "shop.example.net";
    static final String DOMAIN_OLD = "203.0.113.30";
    static final String DOMAIN_NEW = "203.0.113.31";
    /** Scenario 5: added while the gateway is cut off from the server. */
    static final String WHILE_AWAY = "198.51.100.10";
    /** Scenario 7: the address whose traffic is counted. */
    static final String METERED = "198.51.100.11";
    /** Scenario 8: added with two gateways connected. */
    static final String BOTH = "203.0.113.12";
    /** Never allowed. */
    static final List<String> NEVER = List.of("203.0.113.13", "198.51.100.12");

    static final Duration PATIENCE = Duration.ofSeconds(20);
    /** Scenario 4 adds and deletes the same address this often, for figures with a spread. */
    static final int ROUNDS = 5;

    static final Figures figures = new Figures("H2");

    @TempDir
    static Path work;

    static Deployment box;
    static ServerApi api;
    static GatewayProcess gateway;
    static ClientProbe client;
    static Site site;

    @BeforeAll
    static void buildTheBox() {
        Requirements.tools(Requirements.TOOLS);
        box = Deployment.start(Boxes.settings("h2", List.of(), work));
        api = box.api();
        gateway = box.gateway(1);
        client = box.client(1);
        site = client.site();
        figures.record("server first boot: start -> /health/ready", box.serverBoot());
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(200), () -> Boxes.inSync(gateway, api)))
                .as("gateway 1 connects and applies the first snapshot; log " + gateway.log()).isPresent();
    }

    @AfterAll
    static void removeTheBox() {
        if (box != null) {
            box.close();
        }
        figures.print("gateway flags " + GatewayProcess.timingFlags() + "; resolver interval "
                + Boxes.RESOLVER.interval().toSeconds() + " s, grace " + Boxes.RESOLVER.gracePeriod().toSeconds() + " s");
        assertThat(Shell.run("ip", "netns", "list").out()).as("every namespace removed").doesNotContain(Topology.PREFIX);
    }

    @Test
    @Order(1)
    void nothingAllowedBlocksEveryPublicAddressButNotInternalTraffic() {
        assertThat(api.allowlist().cidrs()).isEmpty();

        assertThat(client.reachability(Topology.PUBLIC_HOSTS)).as("every public host").doesNotContainValue(true);
        assertThat(client.get(Topology.INTERNAL_HOST)).as("internal traffic passes the gateway untouched, not NATed")
                .hasValue(Topology.INTERNAL_HOST + " saw " + site.clientAddress());
        for (String address : List.of(FIRST, LOCKED, "8.8.8.8")) {
            assertThat(site.client().must("ip", "route", "get", address)).as("the route manager sends " + address + " to the gateway")
                    .contains("via " + site.gatewayClientSide());
        }
        assertThat(site.client().must("ip", "route", "show", "proto", "230").lines())
                .as("routes the route manager owns").isNotEmpty().allMatch(line -> line.contains("via " + site.gatewayClientSide()));
        assertThat(site.client().run("ip", "route", "get", "10.1.2.3").ok()).as("internal ranges are not routed to the gateway")
                .isFalse();

        MetricsText metrics = gateway.metrics();
        assertThat(metrics.value("egress_gate_connected")).hasValue(1.0);
        assertThat(metrics.value("egress_gate_allowed_entries")).hasValue(0.0);
        assertThat(metrics.samples("iptables_bytes_count")).as("no address, no traffic series").isEmpty();
    }

    @Test
    @Order(2)
    void anIpAddedThroughTheApiBecomesReachable() {
        long start = System.nanoTime();
        api.addEntry(FIRST, false);
        assertThat(client.awaitReachable(FIRST, PATIENCE)).as("reachable after the API call").isPresent();
        figures.record("propagation: API call -> first successful request", since(start));

        assertThat(client.get(FIRST)).as("masqueraded behind the gateway").hasValue(FIRST + " saw " + site.gatewayPublicSide());
        assertThat(client.reachability(List.of(DELETED, WHILE_AWAY, NEVER.get(0), NEVER.get(1))))
                .as("only what was added").doesNotContainValue(true);
        long revision = api.allowlist().revision();
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(100), () -> gateway.appliedRevision() == revision))
                .as("the gateway reports the server's revision").isPresent();
        assertThat(gateway.metrics().value("egress_gate_allowed_entries")).hasValue(1.0);
        JsonObject registered = onlyGateway("gw-1");
        assertThat(registered.getBoolean("connected")).isTrue();
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(200),
                () -> onlyGateway("gw-1").getJsonNumber("appliedRevision").longValue() == revision))
                .as("the server knows the gateway acknowledged revision " + revision).isPresent();
    }

    @Test
    @Order(3)
    void aDomainIsReachableAndFollowsItsDnsRecordsWithAGracePeriod() throws IOException {
        Duration interval = Boxes.RESOLVER.interval();
        Duration grace = Boxes.RESOLVER.gracePeriod();
        box.zone().set(DOMAIN, DOMAIN_OLD);
        assertThat(dnsAnswer(DOMAIN)).as("the test's DNS server answers").containsExactly(DOMAIN_OLD);

        long id = api.addEntry(DOMAIN, false);
        try {
            followTheDomain(id, interval, grace);
        } finally {
            api.deleteEntry(id);
        }
        assertThat(client.awaitBlocked(DOMAIN_NEW, PATIENCE)).as("the domain deleted").isPresent();
        assertThat(client.reachable(DOMAIN_OLD)).isFalse();
    }

    private void followTheDomain(long id, Duration interval, Duration grace) {
        assertThat(Eventually.until(interval.multipliedBy(2).plusSeconds(5), Duration.ofMillis(250),
                () -> present(api.entry(id), "lastResolvedAt") || present(api.entry(id), "lastError")))
                .as("the server never tried to resolve " + DOMAIN + " (lastResolvedAt and lastError stay null): this"
                        + " scenario needs the domain resolver of issue 3; entry " + api.entry(id)).isPresent();
        assertThat(client.awaitReachable(DOMAIN_OLD, interval.multipliedBy(2).plus(PATIENCE)))
                .as("the server resolves " + DOMAIN + " and publishes " + DOMAIN_OLD + " (the resolver, issue 3); entry: "
                        + api.entry(id) + "; DNS log " + box.zone().log()).isPresent();
        assertThat(client.reachable(DOMAIN_NEW)).isFalse();

        long changed = System.nanoTime();
        box.zone().set(DOMAIN, DOMAIN_NEW);
        assertThat(client.awaitReachable(DOMAIN_NEW, interval.plus(PATIENCE))).as("the new address").isPresent();
        Duration newReachable = since(changed);
        figures.record("DNS change -> new address reachable (resolve_interval " + interval.toSeconds() + " s)", newReachable);
        assertThat(newReachable).as("within one resolver interval, plus propagation").isLessThanOrEqualTo(interval.plusSeconds(3));
        assertThat(client.reachable(DOMAIN_OLD)).as("the old address during the grace period").isTrue();
        JsonObject entry = api.entry(id);
        assertThat(entry.getJsonArray("addresses").stream().map(a -> a.asJsonObject().getString("cidr")))
                .as("the entry shows both while the old one is in its grace period: " + entry)
                .contains(hostCidr(DOMAIN_OLD), hostCidr(DOMAIN_NEW));
        assertThat(present(entry, "lastError")).as("a healthy DNS server gives no error: " + entry).isFalse();

        assertThat(client.awaitBlocked(DOMAIN_OLD, grace.plus(interval.multipliedBy(2)).plus(PATIENCE)))
                .as("the old address after the grace period").isPresent();
        Duration oldBlocked = since(changed);
        figures.record("DNS change -> old address blocked (grace_period " + grace.toSeconds() + " s)", oldBlocked);
        assertThat(oldBlocked).as("not before the grace period ran out").isGreaterThanOrEqualTo(grace.minus(interval).minusSeconds(1));
        assertThat(client.reachable(DOMAIN_NEW)).isTrue();
    }

    @Test
    @Order(4)
    void aDeletedEntryIsBlockedALockedOneStaysAndInternalOrHugeRangesAreRefused() {
        for (int round = 1; round <= ROUNDS; round++) {
            long start = System.nanoTime();
            long id = api.addEntry(DELETED, false);
            assertThat(client.awaitReachable(DELETED, PATIENCE)).as("round " + round).isPresent();
            figures.record("propagation: API call -> first successful request", since(start));
            long deleted = System.nanoTime();
            assertThat(api.deleteEntry(id).status()).isEqualTo(204);
            long answered = System.nanoTime();
            Optional<Duration> blocked = client.awaitBlocked(DELETED, PATIENCE);
            assertThat(blocked).as("deleted: new connections are blocked").isPresent();
            figures.record("deletion: API call -> new connections blocked",
                    Duration.ofNanos(answered - deleted).plus(blocked.get()));
        }
        assertThat(client.reachable(FIRST)).as("the other entry stays").isTrue();

        long locked = api.addEntry(LOCKED, true);
        assertThat(client.awaitReachable(LOCKED, PATIENCE)).isPresent();
        ServerApi.Reply refused = api.deleteEntry(locked);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        ServerApi.Reply again = api.postEntry(LOCKED, false);
        assertThat(again.status()).as("adding it again unlocked changes nothing").isEqualTo(200);
        assertThat(api.entry(locked).getBoolean("locked")).isTrue();

        long revision = api.allowlist().revision();
        for (String bad : List.of("10.0.0.1", "0.0.0.0/0", "::ffff:10.0.0.1", Topology.INTERNAL_HOST, "172.16.0.0/12",
                "202.0.0.0/7", "203.0.113.7/24")) {
            ServerApi.Reply reply = api.postEntry(bad, false);
            assertThat(reply.status()).as(bad + ": " + reply).isEqualTo(400);
            assertThat(reply.json().getString("detail", reply.json().getString("title", ""))).as(bad).isNotBlank();
        }
        assertThat(api.allowlist().revision()).as("refusals change nothing").isEqualTo(revision);
        assertThat(api.allowlist().cidrs()).containsExactlyInAnyOrder(hostCidr(FIRST), hostCidr(LOCKED));

        Eventually.sleep(GatewayProcess.RECONCILE_INTERVAL);
        assertThat(client.reachability(List.of(LOCKED, FIRST, Topology.INTERNAL_HOST))).doesNotContainValue(false);
        assertThat(client.reachability(List.of(DELETED, NEVER.get(0)))).doesNotContainValue(true);
    }

    @Test
    @Order(5)
    void theGatewayKeepsEnforcingWithoutTheServerAndCatchesUpWhenItIsBack() {
        long first = api.addEntry(FIRST, false);
        api.addEntry(LOCKED, true);
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(100), () -> Boxes.inSync(gateway, api))).isPresent();
        List<String> allowed = List.of(FIRST, LOCKED);
        List<String> blocked = List.of(DELETED, WHILE_AWAY, NEVER.get(0));
        int entries = api.allowlist().cidrs().size();

        box.server().kill();
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(100), () -> !gateway.connected()))
                .as("the gateway notices the server is gone").isPresent();
        assertEnforcing("server killed", allowed, blocked);

        gateway.kill();
        assertEnforcing("server and gateway both down: the kernel keeps the rules", allowed, blocked);
        gateway.start();
        assertThat(gateway.output()).contains("enforcing " + entries + " allowed entries from revision");
        assertThat(gateway.connected()).isFalse();
        assertEnforcing("gateway restarted while the server is down", allowed, blocked);

        Duration boot = box.server().start();
        figures.record("server restart after kill -9: boot to /health/ready", boot);
        long ready = System.nanoTime();
        assertThat(Eventually.until(Duration.ofSeconds(30), Duration.ofMillis(50), gateway::connected))
                .as("the gateway reconnects by itself; log " + gateway.log()).isPresent();
        figures.record("reconnect: server ready -> gateway connected", since(ready));
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(50), () -> Boxes.inSync(gateway, api))).isPresent();
        figures.record("reconnect: server ready -> gateway in sync", since(ready));
        assertEnforcing("back together", allowed, blocked);

        box.topology().serverLink(site, false);
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(100), () -> !gateway.connected()))
                .as("the gateway notices the cut (3 missed pings)").isPresent();
        api.addEntry(WHILE_AWAY, false);
        assertThat(api.deleteEntry(first).status()).isEqualTo(204);
        long target = api.allowlist().revision();
        Eventually.sleep(Duration.ofSeconds(2));
        assertEnforcing("cut off: changes made meanwhile have not arrived", allowed, blocked);

        long restored = System.nanoTime();
        box.topology().serverLink(site, true);
        assertThat(client.awaitReachable(WHILE_AWAY, PATIENCE)).as("the add made while cut off").isPresent();
        assertThat(client.awaitBlocked(FIRST, PATIENCE)).as("the delete made while cut off").isPresent();
        figures.record("link restored -> changes made while cut off enforced", since(restored));
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(100), () -> gateway.appliedRevision() == target)).isPresent();
        assertThat(client.reachable(LOCKED)).isTrue();
    }

    @Test
    @Order(6)
    void flushedRulesAndSetsAreRepairedWithinTheReconcileInterval() {
        api.addEntry(WHILE_AWAY, false);
        assertThat(client.awaitReachable(WHILE_AWAY, PATIENCE)).isPresent();
        double repairsBefore = driftRepairs();
        Duration limit = GatewayProcess.RECONCILE_INTERVAL.plusSeconds(3);

        site.gateway().must("ipset", "flush");
        long flushed = System.nanoTime();
        assertThat(client.awaitReachable(WHILE_AWAY, PATIENCE)).as("allowed again after ipset flush").isPresent();
        figures.record("drift repair: ipset flush -> allowed again", since(flushed));
        assertThat(since(flushed)).isLessThanOrEqualTo(limit);

        site.gateway().must("iptables", "-F");
        site.gateway().must("iptables", "-t", "nat", "-F");
        long wiped = System.nanoTime();
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(50), () -> client.get(WHILE_AWAY)
                .equals(Optional.of(WHILE_AWAY + " saw " + site.gatewayPublicSide())) && !client.reachable(NEVER.get(1))))
                .as("filter and nat rules back after iptables -F").isPresent();
        figures.record("drift repair: iptables -F (filter and nat) -> enforcing again", since(wiped));
        assertThat(since(wiped)).isLessThanOrEqualTo(limit.plus(ClientProbe.CONNECT_TIMEOUT));
        assertThat(client.reachability(List.of(NEVER.get(0), DELETED))).doesNotContainValue(true);
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(200), () -> driftRepairs() >= repairsBefore + 2))
                .as("the repairs are counted on /metrics").isPresent();
    }

    @Test
    @Order(7)
    void trafficIsCountedPerAddressAndTheSeedsGrafanaQueriesReturnData() throws IOException {
        if (!Shell.available("prometheus")) {
            Requirements.unmet("missing prometheus (apt-get install prometheus)");
        }
        api.addEntry(METERED, false);
        assertThat(client.awaitReachable(METERED, PATIENCE)).isPresent();
        String ip = hostCidr(METERED);
        int size = 300_000;
        String serverTarget = URI.create(box.server().baseUrl()).getAuthority();
        Prometheus.ServerScrape server = new Prometheus.ServerScrape(serverTarget, api.createToken("prometheus", "metrics"));
        try (Prometheus prometheus = Prometheus.start(List.of(gateway.metricsTarget()), server, work.resolve("prometheus"),
                box.settings().logDir())) {
            assertThat(Eventually.until(PATIENCE, Duration.ofMillis(250),
                    () -> "up".equals(prometheus.targetHealth().get(gateway.metricsTarget()))))
                    .as("Prometheus scrapes the gateway; log " + prometheus.log()).isPresent();
            assertThat(Eventually.until(PATIENCE, Duration.ofMillis(250),
                    () -> !prometheus.query("egressgate_allowlist_size{job=\"egress-gate-server\"}").isEmpty()))
                    .as("Prometheus scrapes the server with a metrics token from its credentials file; targets "
                            + prometheus.targetHealth()).isPresent();
            assertThat(Eventually.until(PATIENCE, Duration.ofMillis(250),
                    () -> !prometheus.query("iptables_bytes_count{ip=\"" + ip + "\"}").isEmpty()))
                    .as("a sample from before the traffic").isPresent();
            Eventually.sleep(Prometheus.SCRAPE_INTERVAL.multipliedBy(2));

            double outBefore = gateway.traffic("iptables_bytes_count", ip, "OUTPUT");
            double inBefore = gateway.traffic("iptables_bytes_count", ip, "INPUT");
            double packetsBefore = gateway.traffic("iptables_packets_count", ip, "OUTPUT");
            Path payload = work.resolve("payload.bin");
            byte[] bytes = new byte[size];
            new Random(7).nextBytes(bytes);
            Files.write(payload, bytes);
            assertThat(client.upload(METERED, payload)).hasValue("received " + size);

            assertThat(Eventually.until(PATIENCE, Duration.ofMillis(250),
                    () -> gateway.traffic("iptables_bytes_count", ip, "OUTPUT") - outBefore >= size))
                    .as("OUTPUT bytes grew by at least the " + size + " bytes sent; now " + gateway.metrics().samples("iptables_bytes_count"))
                    .isPresent();
            assertThat(gateway.traffic("iptables_bytes_count", ip, "INPUT") - inBefore).as("the answer came back")
                    .isPositive().isLessThan(size);
            assertThat(gateway.traffic("iptables_packets_count", ip, "OUTPUT") - packetsBefore).isGreaterThanOrEqualTo(3);

            String host = gateway.hostname();
            Map<String, String> queries = Map.of(
                    "packets OUTPUT", "sum by (ip) (increase(iptables_packets_count{type=~\"OUTPUT\",hostname=~\"$host\"}[2m]))",
                    "packets INPUT", "sum by (ip) (increase(iptables_packets_count{type=~\"INPUT\",hostname=~\"$host\"}[2m]))",
                    "bytes OUTPUT", "sum by (ip) (increase(iptables_bytes_count{type=~\"OUTPUT\",hostname=~\"$host\"}[2m]))",
                    "bytes INPUT", "sum by (ip) (increase(iptables_bytes_count{type=~\"INPUT\",hostname=~\"$host\"}[2m]))");
            String bytesOut = queries.get("bytes OUTPUT").replace("$host", host);
            assertThat(Eventually.until(PATIENCE, Duration.ofMillis(500), () -> valueFor(prometheus.query(bytesOut), ip) >= size))
                    .as("Prometheus sees the upload: " + prometheus.query(bytesOut)).isPresent();
            queries.forEach((name, query) -> {
                List<Prometheus.Series> result = prometheus.query(query.replace("$host", host));
                assertThat(result).as(name + ": " + query).anySatisfy(series -> {
                    assertThat(series.labels()).containsEntry("ip", ip);
                    assertThat(series.value()).isPositive();
                });
                assertThat(prometheus.query(query.replace("$host", "no-such-gateway"))).as(name + " for another host").isEmpty();
            });
            assertThat(valueFor(prometheus.query(queries.get("bytes INPUT").replace("$host", host)), ip))
                    .as("type selects the direction").isLessThan(size);
        }
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(500), () -> api.metrics()
                .value("iptables_bytes_count", Map.of("hostname", gateway.hostname(), "ip", ip, "type", "OUTPUT"))
                .orElse(0.0) >= size)).as("the gateway's stats reach the server's /metrics").isPresent();
    }

    @Test
    @Order(8)
    void twoGatewaysConvergeToTheSameRevision() {
        box.addSite(2);
        GatewayProcess second = box.gateway(2);
        ClientProbe secondClient = box.client(2);
        List<GatewayProcess> both = List.of(gateway, second);
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(100), () -> both.stream().allMatch(g -> Boxes.inSync(g, api))))
                .as("both gateways at the server's revision").isPresent();
        assertThat(secondClient.reachable(WHILE_AWAY)).isTrue();
        assertThat(secondClient.reachability(List.of(FIRST, NEVER.get(0)))).doesNotContainValue(true);

        long start = System.nanoTime();
        api.addEntry(BOTH, false);
        assertThat(client.awaitReachable(BOTH, PATIENCE)).isPresent();
        assertThat(secondClient.awaitReachable(BOTH, PATIENCE)).isPresent();
        figures.record("propagation with two gateways: API call -> both clients reach it", since(start));
        long revision = api.allowlist().revision();
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(100),
                () -> both.stream().allMatch(g -> g.appliedRevision() == revision))).isPresent();
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(200), () -> api.gateways().stream()
                .map(JsonValue::asJsonObject)
                .filter(g -> g.getBoolean("connected"))
                .filter(g -> g.getJsonNumber("appliedRevision") != null && g.getJsonNumber("appliedRevision").longValue() == revision)
                .map(g -> g.getString("hostname")).toList().containsAll(List.of("gw-1", "gw-2"))))
                .as("the server sees both at revision " + revision + ": " + api.gateways()).isPresent();
        assertThat(api.metrics().value("egressgate_gateways_connected")).hasValue(2.0);
        assertThat(second.metrics().value("egress_gate_allowed_entries")).isEqualTo(gateway.metrics().value("egress_gate_allowed_entries"));
    }

    /**
     * The earlier tests' attempts to reach {@code NEVER} were denied by the real gateway's rules, read from
     * NFLOG by its ulogd and reported after their minute ended: the server knows who tried what.
     */
    @Test
    @Order(9)
    void theGatewayReportsWhoTriedToReachWhatItDeniedAndTheServerShowsIt() {
        String query = "/api/v1/denied?source=" + site.clientAddress() + "&destination=" + NEVER.get(0);
        // one attempt of this test's own: the earlier ones may have been reported before the server's
        // restart (test 5), and the counter on /metrics starts again at a restart, as counters do
        assertThat(client.reachable(NEVER.get(0))).isFalse();
        AtomicReference<JsonObject> denial = new AtomicReference<>();
        // a minute's records leave the gateway once the minute has ended
        assertThat(Eventually.until(Duration.ofSeconds(150), Duration.ofSeconds(2), () -> {
            api.get(query).json().getJsonArray("items").stream().map(JsonValue::asJsonObject)
                    .filter(item -> item.getString("gateway").equals(gateway.hostname())).findFirst()
                    .ifPresent(denial::set);
            return denial.get() != null;
        })).as("a denial of " + NEVER.get(0) + " from " + site.clientAddress() + ": " + api.get(query).body()).isPresent();
        JsonObject item = denial.get();
        assertThat(item.getString("protocol")).isEqualTo("tcp");
        assertThat(item.getInt("port")).isEqualTo(80);
        assertThat(item.getBoolean("wouldDeny")).isFalse();
        assertThat(item.getJsonNumber("count").longValue()).isPositive();
        assertThat(Eventually.until(Duration.ofSeconds(150), Duration.ofSeconds(2), () -> api.metrics()
                .value("egress_gate_denied_total", Map.of("hostname", gateway.hostname())).orElse(0.0) > 0))
                .as("egress_gate_denied_total of " + gateway.hostname()).isPresent();
    }

    /**
     * A batch of 4,000 values is one delta of over 64 KiB, which the server sends as WebSocket fragments:
     * the real gateway takes it whole, applies all of it and says so, and the next small change follows.
     */
    @Test
    @Order(10)
    void aDeltaSentInFragmentsIsAppliedWholeByTheRealGateway() {
        double before = gateway.metrics().value("egress_gate_allowed_entries").orElseThrow();
        jakarta.json.JsonArrayBuilder values = jakarta.json.Json.createArrayBuilder();
        for (int i = 0; i < 4_000; i++) {
            values.add("2001:db8:fa9::" + Integer.toHexString(i + 1));
        }
        long start = System.nanoTime();
        ServerApi.Reply reply = api.post("/api/v1/entries/batch", jakarta.json.Json.createObjectBuilder()
                .add("values", values).add("note", "fragments").build().toString());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        long revision = api.allowlist().revision();
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(100), () -> gateway.appliedRevision() == revision))
                .as("the gateway at revision " + revision).isPresent();
        figures.record("a 4,000-value batch (one fragmented delta): API call -> applied by the gateway", since(start));
        assertThat(gateway.metrics().value("egress_gate_allowed_entries")).hasValue(before + 4_000);

        api.addEntry("2001:db8:fa9::ffff", false);
        long next = api.allowlist().revision();
        assertThat(Eventually.until(PATIENCE, Duration.ofMillis(100), () -> gateway.appliedRevision() == next))
                .as("the next delta after the fragmented one").isPresent();
    }

    private void assertEnforcing(String when, List<String> allowed, List<String> blocked) {
        Map<String, Boolean> seen = client.reachability(java.util.stream.Stream.concat(allowed.stream(), blocked.stream()).toList());
        allowed.forEach(address -> assertThat(seen.get(address)).as(when + ": " + address + " allowed").isTrue());
        blocked.forEach(address -> assertThat(seen.get(address)).as(when + ": " + address + " blocked").isFalse());
    }

    private static boolean present(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value != null && value != JsonValue.NULL;
    }

    private static double driftRepairs() {
        MetricsText metrics = gateway.metrics();
        return metrics.samples("egress_gate_drift_repairs_total").stream().mapToDouble(MetricsText.Sample::value).sum();
    }

    private static double valueFor(List<Prometheus.Series> result, String ip) {
        return result.stream().filter(s -> ip.equals(s.labels().get("ip"))).mapToDouble(Prometheus.Series::value)
                .findFirst().orElse(0.0);
    }

    private static JsonObject onlyGateway(String hostname) {
        List<JsonObject> matching = api.gateways().stream().map(JsonValue::asJsonObject)
                .filter(g -> hostname.equals(g.getString("hostname", null))).toList();
        assertThat(matching).as("gateways named " + hostname).hasSize(1);
        return matching.get(0);
    }

    private static List<String> dnsAnswer(String name) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(Topology.DNS_SERVER), 53));
        resolver.setTimeout(Duration.ofSeconds(2));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN)));
        return answer.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).sorted().toList();
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
