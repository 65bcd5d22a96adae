package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.protocol.Delta;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Learned;
import io.egressgate.protocol.LearnedAddress;
import io.egressgate.protocol.ServerPolicy;
import io.egressgate.protocol.Snapshot;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;

/**
 * Issue 11, "one internal-range policy everywhere", against the real server: the API refuses every
 * address that embeds or reaches an internal one, and an operator's {@code internal_ranges} applies to
 * entries already stored — suspended (kept, not published, shown with the reason) on the restart that
 * adds the range, published again on the restart that takes it out, both through the change log. The
 * server's extra ranges and floors reach gateways with the snapshot and the delta. An address a gateway
 * learned that the policy now refuses leaves the allowlist on that restart too.
 */
class PolicyIT {

    private static final String EXTRA_RANGE = "198.51.100.0/24";

    static Path config;
    static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        config = Files.createTempFile("egress-gate-policy", ".yaml");
        Files.writeString(config, "cidr_floor_v4: 8\n");
        server = new RunningServer("policy", config).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "64:ff9b::/96       | 64:ff9b::/96 overlaps the internal range 64:ff9b::/104 (the NAT64 form (RFC 6052) of 0.0.0.0/8",
        "64:ff9b::a00:1     | 64:ff9b::a00:1/128 lies inside the internal range 64:ff9b::a00:0/104 (the NAT64 form (RFC 6052) of 10.0.0.0/8",
        "2002:a00:1::1      | 2002:a00:1::1/128 lies inside the internal range 2002:a00::/24 (the 6to4 form (RFC 3056) of 10.0.0.0/8",
        "::10.0.0.1         | ::a00:1/128 lies inside the internal range ::/96 (IPv4-compatible",
        "::ffff:0:10.0.0.1  | ::ffff:0:a00:1/128 lies inside the internal range ::ffff:0:0:0/96 (IPv4-translated",
        "198.18.0.1         | 198.18.0.1/32 lies inside the internal range 198.18.0.0/15 (benchmarking, RFC 2544)",
        "64:ff9b:1::7       | lies inside the internal range 64:ff9b:1::/48",
        "2001::1            | lies inside the internal range 2001::/32 (Teredo, RFC 4380)",
        "192.0.0.9          | lies inside the internal range 192.0.0.0/24",
    })
    void theApiRefusesEveryAddressThatEmbedsOrReachesAnInternalOne(String value, String reason) {
        long before = revision();

        Api.Reply reply = server.api().post("/api/v1/entries", body(value));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().getString("detail")).contains(reason).endsWith("which is never allowed");
        assertThat(revision()).isEqualTo(before);
    }

    @Test
    void addressesThatEmbedAPublicIpv4AddressAreAccepted() {
        assertThat(server.api().post("/api/v1/entries", body("64:ff9b::c000:207")).status()).isEqualTo(201);
        assertThat(server.api().post("/api/v1/entries", body("2002:c000:207::/48")).status()).isEqualTo(201);
        assertThat(cidrs()).contains("64:ff9b::c000:207/128", "2002:c000:207::/48");
    }

    @Test
    void anAddedInternalRangeSuspendsStoredEntriesUntilItIsTakenOutAgain() throws Exception {
        long ip = server.api().add("198.51.100.7", true).getJsonNumber("id").longValue();
        long cidr = server.api().add("198.51.100.64/26", false).getJsonNumber("id").longValue();
        long untouched = server.api().add("203.0.113.77", false).getJsonNumber("id").longValue();
        // the review reads IP and CIDR entries only: a stored wildcard is no CIDR to check
        long wildcard = server.api().add("*.policy.example.com", false).getJsonNumber("id").longValue();
        String learned = "198.51.100.200/32";
        learnUnderTheWildcard(wildcard, learned);
        JsonObject before = allowlist();
        long revisionBefore = before.getJsonNumber("revision").longValue();
        assertThat(cidrs()).contains("198.51.100.7/32", "198.51.100.64/26", "203.0.113.77/32", learned);

        restartWith("internal_ranges:\n  - " + EXTRA_RANGE + "\n");

        JsonObject suspended = entry(ip);
        assertThat(suspended.getBoolean("suspended")).isTrue();
        assertThat(suspended.getString("suspendedReason")).isEqualTo("198.51.100.7/32 lies inside the internal range "
                + EXTRA_RANGE + " (added by the operator), which is never allowed");
        assertThat(suspended.getBoolean("locked")).isTrue();
        assertThat(entry(cidr).getBoolean("suspended")).isTrue();
        assertThat(entry(untouched).getBoolean("suspended")).isFalse();
        assertThat(entry(untouched).get("suspendedReason")).isEqualTo(jakarta.json.JsonValue.NULL);
        assertThat(entry(wildcard).getBoolean("suspended")).isFalse();
        assertThat(listed("198.51.100.7").getBoolean("suspended")).isTrue();
        JsonObject during = allowlist();
        assertThat(during.getJsonNumber("revision").longValue()).isEqualTo(revisionBefore + 1);
        assertThat(cidrs()).doesNotContain("198.51.100.7/32", "198.51.100.64/26", learned).contains("203.0.113.77/32");
        assertThat(entry(wildcard).getJsonArray("addresses")).as("a learned address the policy now refuses").isEmpty();
        assertThat(server.api().post("/api/v1/entries", body("198.51.100.8")).json().getString("detail"))
                .contains("internal range " + EXTRA_RANGE);
        assertThat(server.log()).contains("entry " + ip + " (198.51.100.7) suspended");

        String token = server.api().createToken("policy-gw", "gateway");
        ServerPolicy expected = new ServerPolicy(List.of(EXTRA_RANGE), 8, 32);
        try (TestGateway behind = TestGateway.connect(server.gatewayUri(), token)) {
            // a gateway that knew the old revision gets the suspension as a delta, with the server's policy
            behind.send(new Hello("policy-gw", "policy-host", "test", before.getString("epoch"), revisionBefore));
            Delta delta = behind.next(Delta.class, 30);
            assertThat(delta.remove()).contains("198.51.100.7/32", "198.51.100.64/26", learned);
            assertThat(delta.policy()).isEqualTo(expected);
        }
        try (TestGateway fresh = TestGateway.connect(server.gatewayUri(), token)) {
            fresh.send(new Hello("policy-gw2", "policy-host-2", "test", null, null));
            Snapshot snapshot = fresh.next(Snapshot.class, 30);
            assertThat(snapshot.policy()).isEqualTo(expected);
            assertThat(snapshot.cidrs()).doesNotContain("198.51.100.7/32");
        }
        consoleShowsTheSuspension(ip);

        restartWith("cidr_floor_v4: 8\n");

        assertThat(entry(ip).getBoolean("suspended")).isFalse();
        assertThat(entry(cidr).getBoolean("suspended")).isFalse();
        assertThat(allowlist().getJsonNumber("revision").longValue()).isEqualTo(revisionBefore + 2);
        assertThat(cidrs()).contains("198.51.100.7/32", "198.51.100.64/26", "203.0.113.77/32");
        assertThat(server.log()).contains("entry " + cidr + " (198.51.100.64/26) published again");
    }

    /** A gateway's forwarder answered a name under the wildcard with {@code cidr}; waits until the server has it. */
    private static void learnUnderTheWildcard(long wildcard, String cidr) throws Exception {
        try (TestGateway learner = TestGateway.connect(server.gatewayUri(), server.api().createToken("learner", "gateway"))) {
            learner.send(new Hello("policy-learner", "learner-host", "test", null, null));
            learner.next(Snapshot.class, 30);
            learner.send(new Learned(List.of(new LearnedAddress("www.policy.example.com", cidr, 3600))));
            for (int i = 0; i < 60 && entry(wildcard).getJsonArray("addresses").isEmpty(); i++) {
                Thread.sleep(250);
            }
        }
        assertThat(entry(wildcard).getJsonArray("addresses").getJsonObject(0).getString("source")).isEqualTo("learned");
    }

    /** The entries page and the entry's own page say it is suspended and why. */
    private static void consoleShowsTheSuspension(long id) throws Exception {
        try (Browser browser = Browser.open(server.baseUrl())) {
            browser.signIn(ConsoleIT.ADMIN, ConsoleIT.ADMIN_PASSWORD).awaitPath("/console/");
            browser.go("/console/entries.xhtml");
            ConsoleIT.search(browser, "198.51.100.7");
            assertThat(browser.text(By.cssSelector("#entries\\:table tbody"))).contains("Suspended: 198.51.100.7/32 lies"
                    + " inside the internal range " + EXTRA_RANGE + " (added by the operator)");
            browser.go("/console/entry.xhtml?id=" + id);
            assertThat(browser.text(By.id("entry:suspendedBanner"))).contains("Suspended: not published")
                    .contains("198.51.100.7/32 lies inside the internal range " + EXTRA_RANGE);
        }
    }

    private static void restartWith(String yaml) throws Exception {
        server.stop();
        Files.writeString(config, yaml);
        server.start();
    }

    private static String body(String value) {
        return Json.createObjectBuilder().add("value", value).build().toString();
    }

    private static JsonObject entry(long id) {
        return server.api().get("/api/v1/entries/" + id).json();
    }

    private static JsonObject listed(String value) {
        return server.api().get("/api/v1/entries?q=" + value).json().getJsonArray("items").stream()
                .map(item -> item.asJsonObject()).filter(item -> item.getString("value").equals(value))
                .findFirst().orElseThrow();
    }

    private static JsonObject allowlist() {
        return server.api().get("/api/v1/allowlist").json();
    }

    private static long revision() {
        return allowlist().getJsonNumber("revision").longValue();
    }

    private static List<String> cidrs() {
        return CrashIT.cidrs(allowlist());
    }
}
