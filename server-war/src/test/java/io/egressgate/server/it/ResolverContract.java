package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.it.TestDnsServer.Behaviour;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.IDN;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The resolver inside the real server, against a DNS server on loopback that the tests change
 * while the server runs; run on each database (see the subclasses). One server per database for
 * all tests (a boot costs 15-40 s): every test uses names of its own. Short settings make the
 * grace period and intervals observable in seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ResolverContract {

    static final int INTERVAL = 3;
    static final int GRACE = 6;
    static final int CAP = 400;

    TestDnsServer dns;
    RunningServer server;
    final AtomicInteger hosts = new AtomicInteger(10);

    /** A configuration file choosing the database (its content is kept; the resolver's keys are added). */
    abstract Path databaseConfig() throws Exception;

    abstract String serverName();

    @BeforeAll
    void boot() throws Exception {
        dns = new TestDnsServer();
        Path config = databaseConfig();
        Files.writeString(config, Files.readString(config) + String.join("\n",
                "dns_servers: [\"" + dns.address() + "\"]",
                "resolve_interval: " + INTERVAL,
                "min_ttl: 1",
                "grace_period: " + GRACE,
                "max_addresses_per_domain: " + CAP,
                "dns_timeout: 0.4", ""));
        server = new RunningServer(serverName(), config);
        server.start();
    }

    @AfterAll
    void shutdown() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (dns != null) {
            dns.close();
        }
    }

    // ---- helpers

    Api api() {
        return server.api();
    }

    static String name(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + ".resolver.example";
    }

    /** A fresh documentation address, so tests never share one by accident. */
    String freshV4() {
        int n = hosts.incrementAndGet();
        return (n < 250 ? "192.0.2." : "198.51.100.") + (n < 250 ? n : n - 240);
    }

    List<String> allowed() {
        return api().get("/api/v1/allowlist").json().getJsonArray("cidrs").getValuesAs(JsonString.class)
                .stream().map(JsonString::getString).toList();
    }

    long revision() {
        return api().get("/api/v1/allowlist").json().getJsonNumber("revision").longValue();
    }

    JsonObject entry(long id) {
        Api.Reply reply = api().get("/api/v1/entries/" + id);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    static long id(JsonObject entry) {
        return entry.getJsonNumber("id").longValue();
    }

    static List<String> addressesOf(JsonObject entry) {
        return entry.getJsonArray("addresses").stream().map(v -> v.asJsonObject().getString("cidr")).toList();
    }

    static JsonObject address(JsonObject entry, String cidr) {
        return entry.getJsonArray("addresses").stream().map(JsonValue::asJsonObject)
                .filter(a -> a.getString("cidr").equals(cidr)).findFirst().orElseThrow();
    }

    /** Polls until the condition holds; returns how long it took. Fails after {@code limit}. */
    static Duration eventually(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + limit + ": " + what);
    }

    // ---- tests

    @Test
    void aNewDomainIsResolvedAtOnceAndTheApiAnswersWithItsAddresses() {
        String domain = name("new");
        String ip = freshV4();
        String v6 = "2001:db8:1::" + Integer.toHexString(hosts.incrementAndGet());
        dns.a(domain, 300, ip).aaaa(domain, 600, v6);
        JsonObject created = api().add(domain, false);
        assertThat(addressesOf(created)).containsExactlyInAnyOrder(ip + "/32", v6 + "/128");
        assertThat(created.getString("lastResolvedAt")).isNotBlank();
        assertThat(created.isNull("lastError")).isTrue();
        JsonObject resolution = created.getJsonObject("resolution");
        assertThat(resolution.getJsonNumber("ttlSeconds").longValue()).isEqualTo(300);
        assertThat(resolution.getString("nextResolveAt")).isNotBlank();
        JsonObject address = address(created, ip + "/32");
        assertThat(address.getString("firstSeen")).isNotBlank();
        assertThat(address.getString("lastSeen")).isNotBlank();
        assertThat(address.isNull("expiresAt")).isTrue();
        assertThat(allowed()).contains(ip + "/32");
    }

    @Test
    void aNewARecordIsPublishedWithinOneInterval() throws Exception {
        String domain = name("grow");
        String first = freshV4();
        String second = freshV4();
        dns.a(domain, 3600, first);
        api().add(domain, false);
        long before = revision();
        dns.a(domain, 3600, first, second);
        Duration took = eventually(Duration.ofSeconds(INTERVAL + 4), second + " published",
                () -> allowed().contains(second + "/32"));
        assertThat(took).isLessThanOrEqualTo(Duration.ofSeconds(INTERVAL + 2));
        assertThat(revision()).isGreaterThan(before);
    }

    @Test
    void aVanishedAddressStaysAllowedForTheGracePeriodThenGoes() throws Exception {
        String domain = name("rotate");
        String stays = freshV4();
        String goes = freshV4();
        dns.a(domain, 1, stays, goes);
        long id = id(api().add(domain, false));
        dns.a(domain, 1, stays);
        eventually(Duration.ofSeconds(INTERVAL + 4), goes + " starts its grace period",
                () -> !address(entry(id), goes + "/32").isNull("expiresAt"));
        long retiredAt = System.nanoTime();
        // still allowed while the grace period runs: CDN rotation never cuts a client off
        Thread.sleep(Duration.ofSeconds(GRACE / 2).toMillis());
        assertThat(allowed()).contains(goes + "/32", stays + "/32");
        Duration gone = eventually(Duration.ofSeconds(GRACE + 5), goes + " removed after the grace period",
                () -> !allowed().contains(goes + "/32"));
        long sinceRetired = Duration.ofNanos(System.nanoTime() - retiredAt).toSeconds();
        assertThat(sinceRetired).isGreaterThanOrEqualTo(GRACE - 3);
        assertThat(gone).isNotNull();
        assertThat(addressesOf(entry(id))).containsExactly(stays + "/32");
        assertThat(allowed()).contains(stays + "/32");
    }

    @Test
    void anAddressThatComesBackDuringItsGracePeriodIsRenewed() throws Exception {
        String domain = name("flap");
        String flapping = freshV4();
        String other = freshV4();
        dns.a(domain, 1, flapping, other);
        long id = id(api().add(domain, false));
        dns.a(domain, 1, other);
        eventually(Duration.ofSeconds(INTERVAL + 4), "grace period starts",
                () -> !address(entry(id), flapping + "/32").isNull("expiresAt"));
        dns.a(domain, 1, flapping, other);
        eventually(Duration.ofSeconds(INTERVAL + 4), "renewed",
                () -> address(entry(id), flapping + "/32").isNull("expiresAt"));
        Thread.sleep(Duration.ofSeconds(GRACE + 2).toMillis());
        assertThat(allowed()).contains(flapping + "/32");
    }

    @Test
    void aCnameChainIsFollowed() {
        String domain = name("www");
        String edge = name("edge");
        String pop = name("pop");
        String ip = freshV4();
        dns.cname(domain, edge, 30).cname(edge, pop, 300).a(pop, 300, ip);
        JsonObject created = api().add(domain, false);
        assertThat(addressesOf(created)).containsExactly(ip + "/32");
        JsonObject resolution = created.getJsonObject("resolution");
        assertThat(resolution.getJsonArray("cnameChain").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString)).containsExactly(edge, pop);
        assertThat(resolution.getJsonNumber("ttlSeconds").longValue()).isEqualTo(30);
    }

    @Test
    void aaaaRecordsAreAllowedToo() {
        String domain = name("six");
        String v6 = "2001:db8:6::" + Integer.toHexString(hosts.incrementAndGet());
        dns.aaaa(domain, 300, v6);
        JsonObject created = api().add(domain, false);
        assertThat(addressesOf(created)).containsExactly(v6 + "/128");
        assertThat(allowed()).contains(v6 + "/128");
    }

    @Test
    void ttlZeroIsAskedAgainEveryMinTtlAndNoMoreOften() throws Exception {
        String zero = name("ttl0");
        String hour = name("ttl3600");
        dns.a(zero, 0, freshV4());
        dns.a(hour, 3600, freshV4());
        api().add(zero, false);
        api().add(hour, false);
        long zeroBefore = dns.queriesFor(zero);
        long hourBefore = dns.queriesFor(hour);
        Thread.sleep(9_000);
        long zeroQueries = dns.queriesFor(zero) - zeroBefore;
        long hourQueries = dns.queriesFor(hour) - hourBefore;
        // A and AAAA per lookup: min_ttl 1 s -> about one lookup a second (bounded by the 1 s tick);
        // TTL 3600 is capped by resolve_interval (3 s) -> about three lookups
        assertThat(zeroQueries).isBetween(2L * 4, 2L * 10);
        assertThat(hourQueries).isBetween(2L * 2, 2L * 4);
        assertThat(zeroQueries).isGreaterThan(hourQueries);
    }

    @Test
    void nxdomainKeepsTheOldAddressesAndRecordsTheError() throws Exception {
        String domain = name("nx");
        String ip = freshV4();
        dns.a(domain, 1, ip);
        long id = id(api().add(domain, false));
        dns.remove(domain);
        eventually(Duration.ofSeconds(INTERVAL + 4), "error recorded",
                () -> !entry(id).isNull("lastError") && entry(id).getString("lastError").contains("NXDOMAIN"));
        Thread.sleep(Duration.ofSeconds(GRACE + 2).toMillis());
        JsonObject entry = entry(id);
        assertThat(entry.getString("lastError")).contains("NXDOMAIN");
        assertThat(entry.getString("lastErrorAt")).isNotBlank();
        assertThat(entry.getJsonObject("resolution").getInt("failuresInARow")).isGreaterThanOrEqualTo(2);
        assertThat(address(entry, ip + "/32").isNull("expiresAt")).isTrue();
        assertThat(allowed()).contains(ip + "/32");
        dns.a(domain, 1, ip);
        eventually(Duration.ofSeconds(INTERVAL + 4), "recovered", () -> entry(id).isNull("lastError"));
    }

    @Test
    void aResolverThatNeverAnswersKeepsTheAddressesAndDelaysNoOtherName() throws Exception {
        String silent = name("silent");
        String healthy = name("healthy");
        String silentIp = freshV4();
        String first = freshV4();
        String second = freshV4();
        dns.a(silent, 1, silentIp);
        dns.a(healthy, 1, first);
        long silentId = id(api().add(silent, false));
        api().add(healthy, false);
        dns.behave(silent, Behaviour.SILENT);
        dns.a(healthy, 1, first, second);
        eventually(Duration.ofSeconds(INTERVAL + 4), "the healthy name's change published despite the silent one",
                () -> allowed().contains(second + "/32"));
        eventually(Duration.ofSeconds(INTERVAL + 8), "timeout recorded",
                () -> !entry(silentId).isNull("lastError") && entry(silentId).getString("lastError").contains("no answer"));
        Thread.sleep(Duration.ofSeconds(GRACE).toMillis());
        assertThat(allowed()).contains(silentIp + "/32");
        JsonObject entry = entry(silentId);
        assertThat(address(entry, silentIp + "/32").isNull("expiresAt")).isTrue();
        assertThat(entry.getJsonObject("resolution").getInt("failuresInARow")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aNewDomainWhoseDnsNeverAnswersIsCreatedWithTheError() {
        String domain = name("mute");
        dns.a(domain, 60, freshV4()).behave(domain, Behaviour.SILENT);
        long started = System.nanoTime();
        Api.Reply reply = api().post("/api/v1/entries", "{\"value\":\"" + domain + "\"}");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().getString("lastError")).contains("no answer within 400 ms");
        assertThat(reply.json().getJsonArray("addresses")).isEmpty();
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aNameWithThreeHundredAddressesComesOverTcp() {
        String domain = name("big");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add("2001:db8:300::" + Integer.toHexString(0x100 + i));
        }
        dns.aaaa(domain, 300, many.toArray(String[]::new));
        long tcpBefore = dns.tcpQueries();
        JsonObject created = api().add(domain, false);
        assertThat(addressesOf(created)).hasSize(300);
        assertThat(dns.tcpQueries()).isGreaterThan(tcpBefore);
        assertThat(allowed()).contains("2001:db8:300::100/128", "2001:db8:300::22b/128");
    }

    @Test
    void aNameOverTheCapKeepsTheCapAndSaysSo() throws Exception {
        String domain = name("huge");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < CAP + 20; i++) {
            many.add("2001:db8:c4::" + Integer.toHexString(0x1000 + i));
        }
        dns.aaaa(domain, 300, many.toArray(String[]::new));
        JsonObject created = api().add(domain, false);
        assertThat(addressesOf(created)).hasSize(CAP);
        JsonObject resolution = created.getJsonObject("resolution");
        assertThat(resolution.getBoolean("atCap")).isTrue();
        assertThat(resolution.getInt("droppedAtCap")).isEqualTo(20);
        String metrics = server.api().send(server.api().request("/metrics").GET()).body();
        assertThat(metrics).containsPattern("egressgate_resolver_names_at_cap\\S*\\s+[1-9]");
        assertThat(server.log()).contains(domain + " answered " + (CAP + 20) + " addresses; kept " + CAP);
    }

    @Test
    void twoDomainsSharingAnAddressKeepItUntilBothAreDeleted() {
        String shared = freshV4();
        String one = name("share1");
        String two = name("share2");
        dns.a(one, 300, shared);
        dns.a(two, 300, shared, freshV4());
        long oneId = id(api().add(one, false));
        long twoId = id(api().add(two, false));
        assertThat(api().delete("/api/v1/entries/" + oneId).status()).isEqualTo(204);
        assertThat(allowed()).contains(shared + "/32");
        assertThat(api().delete("/api/v1/entries/" + twoId).status()).isEqualTo(204);
        assertThat(allowed()).doesNotContain(shared + "/32");
    }

    @Test
    void anAddressAlsoGivenByAnIpEntryStaysWhenTheDomainGoes() throws Exception {
        String ip = freshV4();
        String domain = name("withip");
        dns.a(domain, 1, ip, freshV4());
        long domainId = id(api().add(domain, false));
        api().add(ip, false);
        dns.a(domain, 1, freshV4());
        eventually(Duration.ofSeconds(INTERVAL + 4), "the domain retires " + ip,
                () -> !address(entry(domainId), ip + "/32").isNull("expiresAt"));
        assertThat(api().delete("/api/v1/entries/" + domainId).status()).isEqualTo(204);
        assertThat(allowed()).contains(ip + "/32");
    }

    @Test
    void anIdnDomainIsResolvedByItsPunycodeName() {
        String unicode = "b\u00fccher-" + UUID.randomUUID().toString().substring(0, 6) + ".resolver.example";
        String ascii = IDN.toASCII(unicode);
        String ip = freshV4();
        dns.a(ascii, 300, ip);
        JsonObject created = api().add(unicode, false);
        assertThat(created.getString("value")).isEqualTo(ascii).startsWith("xn--");
        assertThat(addressesOf(created)).containsExactly(ip + "/32");
    }

    @Test
    void aLockedDomainIsReResolvedLikeAnyOther() throws Exception {
        String domain = name("locked");
        String first = freshV4();
        String second = freshV4();
        dns.a(domain, 1, first);
        JsonObject created = api().add(domain, true);
        assertThat(created.getBoolean("locked")).isTrue();
        dns.a(domain, 1, second);
        eventually(Duration.ofSeconds(INTERVAL + 4), "locked domain re-resolved",
                () -> allowed().contains(second + "/32"));
    }

    @Test
    void internalAddressesFromDnsAreNeverAllowedAndThatIsVisible() throws Exception {
        String domain = name("rebind");
        String ip = freshV4();
        dns.a(domain, 300, ip, "10.0.0.1", "127.0.0.1").aaaa(domain, 300, "fd00::1");
        JsonObject created = api().add(domain, false);
        assertThat(addressesOf(created)).containsExactly(ip + "/32");
        assertThat(created.getJsonObject("resolution").getJsonArray("skippedInternal").getValuesAs(JsonString.class)
                .stream().map(JsonString::getString)).containsExactlyInAnyOrder("10.0.0.1", "127.0.0.1", "fd00::1");
        assertThat(allowed()).doesNotContain("10.0.0.1/32", "127.0.0.1/32", "fd00::1/128");
        String metrics = server.api().send(server.api().request("/metrics").GET()).body();
        assertThat(metrics).containsPattern("egressgate_resolver_addresses_skipped_internal\\S*\\s+[1-9]");
    }

    @Test
    void slowNamesAreLookedUpTogetherNotOneAfterTheOther() {
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String domain = name("slow" + i);
            dns.a(domain, 3600, freshV4());
            api().add(domain, false);
            dns.delay(domain, Duration.ofMillis(300));
            slow.add(domain);
        }
        Api.Reply reply = api().post("/api/v1/resolver/cycles", "{}");
        assertThat(reply.status()).isEqualTo(200);
        JsonObject report = reply.json();
        // 40 x 300 ms one after the other would be 12 s; the slowest other name (a silent one) is ~3.4 s
        assertThat(report.getJsonNumber("slowestLookupMs").longValue()).isGreaterThanOrEqualTo(300);
        assertThat(report.getJsonNumber("lookupMs").longValue()).isLessThan(6_000);
        slow.forEach(domain -> dns.delay(domain, Duration.ZERO));
    }

    @Test
    void aCycleWithoutDnsChangesWritesNoRevision() throws Exception {
        // Other tests' names may still be settling (grace periods ending); a quiet cycle comes soon.
        for (int attempt = 0; attempt < 10; attempt++) {
            long before = revision();
            Api.Reply reply = api().post("/api/v1/resolver/cycles", "{}");
            assertThat(reply.status()).isEqualTo(200);
            JsonObject report = reply.json();
            if (report.getInt("changedNames") == 0 && report.getInt("addressesExpired") == 0
                    && revision() == before) {
                assertThat(report.getJsonArray("revisions")).isEmpty();
                assertThat(report.getInt("names")).isGreaterThan(0);
                return;
            }
            Thread.sleep(2_000);
        }
        throw new AssertionError("every cycle changed something");
    }

    @Test
    void resolverStatusAndMetricsAreExposed() {
        JsonObject status = api().get("/api/v1/resolver").json();
        assertThat(status.getJsonArray("dnsServers").getString(0)).isEqualTo(dns.address());
        assertThat(status.getJsonNumber("resolveIntervalSeconds").longValue()).isEqualTo(INTERVAL);
        assertThat(status.getJsonNumber("gracePeriodSeconds").longValue()).isEqualTo(GRACE);
        String metrics = server.api().send(server.api().request("/metrics").GET()).body();
        assertThat(metrics).contains("egressgate_resolver_cycle_duration", "egressgate_resolver_names_resolved",
                "egressgate_resolver_failures", "egressgate_resolver_addresses_added",
                "egressgate_resolver_addresses_expired", "egressgate_resolver_names_at_cap");
    }
}
