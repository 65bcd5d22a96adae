package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/entries/batch} on the real jar and the embedded H2: all or nothing, one revision
 * (ConsoleIT sees it audited once). Wildcards mostly, so that no resolver's revision comes between.
 */
class EntriesBatchIT {

    private static final String BATCH = "/api/v1/entries/batch";

    private static RunningServer server() throws Exception {
        return Servers.h2();
    }

    private static Api admin() throws Exception {
        return server().api();
    }

    private static long revision() throws Exception {
        return admin().get("/api/v1/allowlist").json().getJsonNumber("revision").longValue();
    }

    private static String marker() {
        return "b" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String freshHost() {
        return "192.0.2." + (Math.floorMod(UUID.randomUUID().hashCode(), 250) + 2);
    }

    private static String body(List<String> values, String note) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return Json.createObjectBuilder().add("values", array).add("note", note).build().toString();
    }

    private static long total(String text) throws Exception {
        return admin().get("/api/v1/entries?q=" + text).json().getJsonNumber("total").longValue();
    }

    @Test
    void everyValueIsStoredInOneRevision() throws Exception {
        String marker = marker();
        String existing = "*.old." + marker + ".example.com";
        admin().add(existing, false);
        List<String> values = List.of("*.a." + marker + ".example.com", "www." + marker + ".example.org",
                "*.A." + marker + ".example.com.", existing, "*.b." + marker + ".example.com");
        long before = revision();

        Api.Reply reply = admin().post(BATCH, body(values, "batch " + marker));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject answer = reply.json();
        assertThat(answer.getJsonNumber("revision").longValue()).isEqualTo(before + 1);
        assertThat(revision()).isEqualTo(before + 1);
        assertThat(answer.getInt("created")).isEqualTo(3);
        assertThat(answer.getInt("present")).isEqualTo(1);
        List<JsonObject> items = answer.getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(items).extracting(i -> i.getInt("index")).containsExactly(0, 1, 2, 3, 4);
        assertThat(items).extracting(i -> i.getString("value")).containsExactlyElementsOf(values);
        assertThat(items).extracting(i -> i.getBoolean("created")).containsExactly(true, true, false, false, true);
        assertThat(items.get(2).getJsonNumber("id")).as("the same value twice is one entry").isEqualTo(items.get(0).getJsonNumber("id"));
        assertThat(items).extracting(i -> i.getString("kind")).containsExactly("WILDCARD", "DOMAIN", "WILDCARD", "WILDCARD", "WILDCARD");
        assertThat(total(marker)).isEqualTo(4);
        JsonObject stored = admin().get("/api/v1/entries/" + items.get(1).getJsonNumber("id")).json();
        assertThat(stored.getString("note")).isEqualTo("batch " + marker);
        assertThat(stored.getString("createdBy")).isEqualTo("bootstrap admin");
        assertThat(admin().get("/api/v1/allowlist").json().getJsonArray("names").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString))
                .contains("*.a." + marker + ".example.com", "www." + marker + ".example.org", "*.b." + marker + ".example.com");
    }

    @Test
    void itemsMayCarryTheirOwnLockAndNote() throws Exception {
        String marker = marker();
        String locked = "*.locked." + marker + ".example.com";
        String plain = "*.plain." + marker + ".example.com";
        String body = Json.createObjectBuilder().add("note", "shared " + marker).add("values", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("value", locked).add("locked", true).add("note", "own " + marker))
                .add(plain)).build().toString();

        Api.Reply reply = admin().post(BATCH, body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        List<JsonObject> items = reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(items).extracting(i -> i.getBoolean("locked")).containsExactly(true, false);
        JsonObject first = admin().get("/api/v1/entries/" + items.get(0).getJsonNumber("id")).json();
        assertThat(first.getString("note")).isEqualTo("own " + marker);
        assertThat(admin().delete("/api/v1/entries/" + items.get(0).getJsonNumber("id")).status()).isEqualTo(409);
        JsonObject second = admin().get("/api/v1/entries/" + items.get(1).getJsonNumber("id")).json();
        assertThat(second.getString("note")).isEqualTo("shared " + marker);
    }

    @Test
    void oneRefusedValueStoresNothingAndEveryRefusalIsNamedWithItsIndex() throws Exception {
        String marker = marker();
        String host = freshHost();
        List<String> values = List.of("*.ok." + marker + ".example.com", "10.1.2.3", "ok2." + marker + ".example.com",
                "*.co.uk", host, "not a domain " + marker);
        long before = revision();

        Api.Reply reply = admin().post(BATCH, body(values, "refused " + marker));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonObject problem = reply.json();
        assertThat(problem.getString("detail")).isEqualTo("3 of 6 values are refused; nothing was stored");
        List<JsonObject> errors = problem.getJsonArray("errors").getValuesAs(JsonObject.class);
        assertThat(errors).extracting(e -> e.getInt("index")).containsExactly(1, 3, 5);
        assertThat(errors).extracting(e -> e.getString("value")).containsExactly("10.1.2.3", "*.co.uk", "not a domain " + marker);
        assertThat(errors.get(0).getString("message")).contains("10.0.0.0/8");
        assertThat(errors.get(1).getString("message")).contains("public suffix co.uk");
        assertThat(revision()).isEqualTo(before);
        assertThat(total(marker)).isZero();
        assertThat(admin().get("/api/v1/entries?q=" + host).json().getJsonArray("items").stream()
                .map(i -> i.asJsonObject().getString("value"))).doesNotContain(host);
    }

    @Test
    void itemsOfTheWrongShapeAreRefusedWithTheirIndex() throws Exception {
        String body = "{\"values\":[\"*.shape." + marker() + ".example.com\", 7, {\"value\":\"x.example.com\",\"locked\":\"yes\"},"
                + " {\"note\":\"no value\"}]}";
        long before = revision();

        Api.Reply reply = admin().post(BATCH, body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().getJsonArray("errors").getValuesAs(JsonObject.class)).extracting(e -> e.getInt("index"))
                .containsExactly(1, 2, 3);
        assertThat(revision()).isEqualTo(before);
    }

    @Test
    void moreThanTenThousandValuesAreRefusedAsAWholeAndABodyThatIsNoBatchToo() throws Exception {
        String marker = marker();
        List<String> values = IntStream.rangeClosed(0, 10_000).mapToObj(i -> "*.h" + i + "." + marker + ".example.com")
                .toList();
        long before = revision();

        Api.Reply tooMany = admin().post(BATCH, body(values, marker));

        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);
        assertThat(tooMany.json().getString("detail")).isEqualTo("at most 10000 values at once, not 10001");
        assertThat(revision()).isEqualTo(before);
        assertThat(total(marker)).isZero();
        for (String bad : List.of("{}", "{\"values\":[]}", "{\"values\":\"a.example.com\"}", "[\"a.example.com\"]",
                "{\"values\":[\"a.example.com\"],\"locked\":1}", "{\"values\":[\"a.example.com\"],\"note\":\"a\\nb\"}")) {
            Api.Reply reply = admin().post(BATCH, bad);
            assertThat(reply.status()).as(bad + " -> " + reply).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
        }
        assertThat(revision()).isEqualTo(before);
    }

    @Test
    void theBodyIsBounded() throws Exception {
        String value = "*." + "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + ".example.com";
        String body = body(IntStream.range(0, 10_000).mapToObj(i -> i + value).toList(), "x".repeat(1000))
                .replace("]", ", \"" + "y".repeat(2_500_000) + "\"]");

        Api.Reply reply = admin().post(BATCH, body);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void withoutATokenOrWithAViewersNothingIsStored() throws Exception {
        String marker = marker();
        String body = body(List.of("*.auth." + marker + ".example.com"), marker);
        assertThat(server().api(null).post(BATCH, body).status()).isEqualTo(401);
        Api viewer = server().api(admin().createToken("batch viewer " + marker, "viewer"));
        Api.Reply refused = viewer.post(BATCH, body);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(total(marker)).isZero();
    }
}
