package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The REST API's behaviour, run against a real server on each database (see the subclasses).
 * Values are made unique per test so the tests share one server without interfering.
 */
abstract class ApiContract {

    abstract RunningServer server() throws Exception;

    Api admin() throws Exception {
        return server().api();
    }

    static String freshDomain() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }

    List<String> allowed() throws Exception {
        return admin().get("/api/v1/allowlist").json().getJsonArray("cidrs").getValuesAs(JsonString.class)
                .stream().map(JsonString::getString).toList();
    }

    List<String> names() throws Exception {
        return admin().get("/api/v1/allowlist").json().getJsonArray("names").getValuesAs(JsonString.class)
                .stream().map(JsonString::getString).toList();
    }

    long revision() throws Exception {
        return admin().get("/api/v1/allowlist").json().getJsonNumber("revision").longValue();
    }

    @Test
    void addingAnIpPutsItOnTheAllowlistInANewRevision() throws Exception {
        String ip = DocumentationAddresses.host();
        long before = revision();
        Api.Reply reply = admin().post("/api/v1/entries", "{\"value\":\"" + ip + "\",\"note\":\"ci\"}");
        assertThat(reply.status()).isEqualTo(201);
        JsonObject entry = reply.json();
        assertThat(entry.getString("kind")).isEqualTo("IP");
        assertThat(entry.getString("value")).isEqualTo(ip);
        assertThat(entry.getString("note")).isEqualTo("ci");
        assertThat(entry.getBoolean("locked")).isFalse();
        assertThat(entry.getString("createdBy")).isEqualTo("bootstrap admin");
        assertThat(entry.getString("createdAt")).isNotBlank();
        assertThat(allowed()).contains(ip + "/128");
        assertThat(revision()).isGreaterThan(before);
    }

    @Test
    void aDomainIsStoredAsLowerCasePunycode() throws Exception {
        String label = "b\u00fccher" + UUID.randomUUID().toString().substring(0, 6);
        Api.Reply reply = admin().post("/api/v1/entries", "{\"value\":\"" + label.toUpperCase() + ".Example.\"}");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().getString("kind")).isEqualTo("DOMAIN");
        assertThat(reply.json().getString("value")).startsWith("xn--").endsWith(".example").isLowerCase();
    }

    @Test
    void addingAnExistingValueAnswersTheExistingEntryWith200() throws Exception {
        String domain = freshDomain();
        JsonObject first = admin().add(domain, false);
        Api.Reply again = admin().post("/api/v1/entries", "{\"value\":\"" + domain.toUpperCase() + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getJsonNumber("id").longValue()).isEqualTo(first.getJsonNumber("id").longValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "172.20.1.1", "192.168.1.1", "127.0.0.1", "::1", "::ffff:10.0.0.1",
            "fe80::1", "0.0.0.0/0", "1.0.0.0/4", "100.64.0.1", "169.254.1.1", "224.0.0.1", "fc00::1",
            "10.0.0.0/8", "198.51.100.7/24", "not a domain", "-bad-.example.com", "localhost", "300.1.1.1",
            "a..b.com", "a.*.example.com", "*foo.example.com", "**.example.com", "*", "*.*.example.com",
            // all of IPv4 through NAT64, addresses that embed an internal IPv4, and other special-purpose ranges
            "64:ff9b::/96", "64:ff9b::a00:1", "2002:a00:1::1", "::10.0.0.1", "::ffff:0:10.0.0.1", "198.18.0.1",
            "2001::1", "64:ff9b:1::1"})
    void badValuesAreRefusedWithAProblemAndChangeNothing(String value) throws Exception {
        long before = revision();
        Api.Reply reply = admin().post("/api/v1/entries", jsonValue(value));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().getString("detail")).isNotBlank();
        assertThat(reply.json().getInt("status")).isEqualTo(400);
        assertThat(revision()).isEqualTo(before);
        // exactly this value: a search for "*" also finds the wildcards other tests stored
        assertThat(admin().get("/api/v1/entries?q=" + java.net.URLEncoder.encode(value, "UTF-8")
                .replace("+", "%20")).json().getJsonArray("items").stream()
                .map(item -> item.asJsonObject().getString("value"))).doesNotContain(value);
    }

    @Test
    void aWildcardIsANameOfItsOwnKindWithoutAddressesFoundBySearchAndApartFromItsBase() throws Exception {
        String base = freshDomain();
        long before = revision();
        Api.Reply reply = admin().post("/api/v1/entries", jsonValue("*." + base.toUpperCase() + "."));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonObject entry = reply.json();
        assertThat(entry.getString("kind")).isEqualTo("WILDCARD");
        assertThat(entry.getString("value")).isEqualTo("*." + base);
        assertThat(entry.getJsonArray("addresses")).as("never resolved: no addresses of its own").isEmpty();
        assertThat(entry).doesNotContainKeys("resolution", "lastResolvedAt");
        // a revision although no address changed: gateways are sent the name
        assertThat(revision()).isGreaterThan(before);
        assertThat(names()).contains("*." + base).doesNotContain(base);

        long id = entry.getJsonNumber("id").longValue();
        assertThat(admin().get("/api/v1/entries/" + id).json().getString("value")).isEqualTo("*." + base);
        for (String query : List.of("q=" + base, "q=%2A." + base, "kind=wildcard&q=" + base)) {
            JsonObject found = admin().get("/api/v1/entries?" + query).json();
            assertThat(found.getJsonNumber("total").longValue()).as(query).isEqualTo(1);
            assertThat(found.getJsonArray("items").getJsonObject(0).getString("kind")).isEqualTo("WILDCARD");
        }
        assertThat(admin().get("/api/v1/entries?kind=domain&q=" + base).json().getJsonNumber("total").longValue()).isZero();
        Api.Reply again = admin().post("/api/v1/entries", jsonValue("*." + base));
        assertThat(again.status()).isEqualTo(200);

        // the base is not covered by its wildcard: an entry of its own, a domain
        assertThat(admin().add(base, false).getString("kind")).isEqualTo("DOMAIN");
        assertThat(names()).contains("*." + base, base);

        long beforeDelete = revision();
        assertThat(admin().delete("/api/v1/entries/" + id).status()).isEqualTo(204);
        assertThat(revision()).isGreaterThan(beforeDelete);
        assertThat(names()).doesNotContain("*." + base).contains(base);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"*.com | com", "*.co.uk | co.uk", "*.github.io | github.io", "*.CO.UK. | co.uk"})
    void aWildcardOnAPublicSuffixIsRefusedSayingWhy(String value, String suffix) throws Exception {
        long before = revision();
        Api.Reply reply = admin().post("/api/v1/entries", jsonValue(value));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().getString("detail")).isEqualTo("*." + suffix
                + " would allow every name under the public suffix " + suffix + "; list the domains instead");
        assertThat(revision()).isEqualTo(before);
        assertThat(names()).doesNotContain("*." + suffix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"value\": 5}", "{\"value\":\"a.example.com\",\"locked\":\"yes\"}", "[1,2]",
            "{\"value\":", "", "{\"value\":\"a.example.com\",\"note\":7}",
            "{\"value\":\"trailing.example.com\"} garbage", "{\"value\":\"trailing.example.com\"}{}",
            "{\"value\":\"note.example.com\",\"note\":\"ok\\u001b[2Jcleared\"}"})
    void malformedBodiesAreRefusedWithAProblem(String body) throws Exception {
        Api.Reply reply = admin().post("/api/v1/entries", body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void deeplyNestedBodiesAreRefusedWithAProblemNotA500() throws Exception {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        Api.Reply reply = admin().post("/api/v1/entries", "{\"value\":\"" + freshDomain() + "\",\"note\":" + deep + "}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void oversizedBodiesAreRefusedWith413() throws Exception {
        String note = "x".repeat(70_000);
        Api.Reply reply = admin().post("/api/v1/entries", "{\"value\":\"" + freshDomain() + "\",\"note\":\"" + note + "\"}");
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aLockedEntryCannotBeDeletedAndStaysAllowed() throws Exception {
        String cidr = DocumentationAddresses.network();
        JsonObject entry = admin().add(cidr, true);
        long id = entry.getJsonNumber("id").longValue();
        Api.Reply reply = admin().delete("/api/v1/entries/" + id);
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().getString("detail")).contains("locked");
        assertThat(admin().get("/api/v1/entries/" + id).json().getBoolean("locked")).isTrue();
        assertThat(allowed()).contains(cidr);
        // posting the same value unlocked does not unlock it
        assertThat(admin().post("/api/v1/entries", "{\"value\":\"" + cidr + "\",\"locked\":false}").json()
                .getBoolean("locked")).isTrue();
    }

    @Test
    void deletingAnEntryRemovesItsAddressUnlessAnotherEntryGivesIt() throws Exception {
        String network = DocumentationAddresses.network();
        long id = admin().add(network, false).getJsonNumber("id").longValue();
        assertThat(allowed()).contains(network);
        long before = revision();
        assertThat(admin().delete("/api/v1/entries/" + id).status()).isEqualTo(204);
        assertThat(allowed()).doesNotContain(network);
        assertThat(revision()).isEqualTo(before + 1);
        assertThat(admin().get("/api/v1/entries/" + id).status()).isEqualTo(404);
        assertThat(admin().delete("/api/v1/entries/" + id).status()).isEqualTo(404);
    }

    @Test
    void listingFiltersByTextAndKindAndPages() throws Exception {
        String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            admin().add("h" + i + "." + marker + ".example.org", false);
        }
        JsonObject page = admin().get("/api/v1/entries?q=" + marker + "&kind=domain&limit=2").json();
        assertThat(page.getJsonNumber("total").longValue()).isEqualTo(3);
        assertThat(page.getJsonArray("items")).hasSize(2);
        assertThat(admin().get("/api/v1/entries?q=" + marker + "&kind=IP").json().getJsonNumber("total").longValue())
                .isZero();
        assertThat(admin().get("/api/v1/entries?kind=host").status()).isEqualTo(400);
        assertThat(admin().get("/api/v1/entries?limit=100000").status()).isEqualTo(400);
    }

    @Test
    void everyCallNeedsAToken() throws Exception {
        Api anonymous = server().api(null);
        for (String path : List.of("/api/v1/entries", "/api/v1/allowlist", "/api/v1/tokens", "/api/v1/gateways")) {
            Api.Reply reply = anonymous.get(path);
            assertThat(reply.status()).as(path).isEqualTo(401);
            assertThat(reply.contentType()).startsWith("application/problem+json");
        }
        assertThat(server().api("egt_not-a-real-token").get("/api/v1/entries").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/v1/entries", jsonValue(freshDomain())).status()).isEqualTo(401);
    }

    @Test
    void viewersReadButCannotChangeAndRevokedTokensStopWorking() throws Exception {
        String viewerToken = admin().createToken("viewer " + UUID.randomUUID(), "viewer");
        Api viewer = server().api(viewerToken);
        assertThat(viewer.get("/api/v1/entries").status()).isEqualTo(200);
        Api.Reply write = viewer.post("/api/v1/entries", jsonValue(freshDomain()));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.contentType()).startsWith("application/problem+json");
        assertThat(viewer.get("/api/v1/tokens").status()).isEqualTo(403);

        long id = admin().get("/api/v1/tokens").array().stream().map(v -> v.asJsonObject())
                .filter(t -> t.getString("role").equals("viewer") && t.isNull("revokedAt"))
                .mapToLong(t -> t.getJsonNumber("id").longValue()).max().orElseThrow();
        assertThat(admin().delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
        assertThat(viewer.get("/api/v1/entries").status()).isEqualTo(401);
    }

    @Test
    void tokensAreNeverShownAgainAndGatewayTokensCannotUseTheApi() throws Exception {
        String secret = admin().createToken("gw " + UUID.randomUUID(), "gateway");
        assertThat(admin().get("/api/v1/tokens").body()).doesNotContain(secret);
        assertThat(server().api(secret).get("/api/v1/entries").status()).isEqualTo(403);
        assertThat(admin().post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"root\"}").status()).isEqualTo(400);
    }

    @Test
    void metricsTokensCanBeCreatedButCannotUseTheApi() throws Exception {
        String secret = admin().createToken("prometheus " + UUID.randomUUID(), "metrics");
        assertThat(admin().get("/api/v1/tokens").body()).doesNotContain(secret).contains("\"metrics\"");
        assertThat(server().api(secret).get("/api/v1/entries").status()).isEqualTo(403);
        assertThat(server().api(secret).get("/api/v1/allowlist").status()).isEqualTo(403);
    }

    static String jsonValue(String value) {
        return jakarta.json.Json.createObjectBuilder().add("value", value).build().toString();
    }
}
