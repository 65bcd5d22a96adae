package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Snapshot;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kill -9 loses nothing acknowledged, and revisions continue without reuse. */
class CrashIT {

    static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        Path config = Files.createTempFile("egress-gate-crash", ".yaml");
        Files.writeString(config, "snapshot_part_size: 2\n");
        server = new RunningServer("crash", config).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void everythingAcknowledgedSurvivesKillDashNine() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(server.api().add("203.0.113." + (i * 10), i == 3).getJsonNumber("id").longValue());
        }
        server.api().add("crash.example.com", false);
        assertThat(server.api().delete("/api/v1/entries/" + ids.get(0)).status()).isEqualTo(204);
        JsonObject before = server.api().get("/api/v1/allowlist").json();
        long revisionBefore = before.getJsonNumber("revision").longValue();

        server.kill();
        server.start();

        JsonObject after = server.api().get("/api/v1/allowlist").json();
        assertThat(after.getString("epoch")).isEqualTo(before.getString("epoch"));
        assertThat(after.getJsonNumber("revision").longValue()).isEqualTo(revisionBefore);
        assertThat(cidrs(after)).isEqualTo(cidrs(before))
                .contains("203.0.113.20/32", "203.0.113.30/32", "203.0.113.40/32", "203.0.113.50/32")
                .doesNotContain("203.0.113.10/32");
        assertThat(server.api().get("/api/v1/entries/" + ids.get(2)).json().getBoolean("locked")).isTrue();
        assertThat(server.api().get("/api/v1/entries?q=crash.example.com").json().getJsonNumber("total").longValue())
                .isEqualTo(1);

        server.api().add("203.0.113.60", false);
        assertThat(server.api().get("/api/v1/allowlist").json().getJsonNumber("revision").longValue())
                .isEqualTo(revisionBefore + 1);
        // the old admin token still works, and no second bootstrap token was made
        assertThat(server.api().get("/api/v1/tokens").array().stream()
                .filter(t -> t.asJsonObject().getString("name").equals("bootstrap admin"))).hasSize(1);
    }

    @Test
    void largeSnapshotsArriveInParts() throws Exception {
        for (int i = 1; i <= 5; i++) {
            server.api().add("198.51.100." + (i * 8) + "/29", false);
        }
        String token = server.api().createToken("parts", "gateway");
        try (TestGateway gateway = TestGateway.connect(server.gatewayUri(), token)) {
            gateway.send(new Hello("parts", "parts-host", "test", null, null));
            Snapshot first = gateway.next(Snapshot.class, 30);
            assertThat(first.parts()).isGreaterThan(2);
            List<String> all = new ArrayList<>(first.cidrs());
            for (int part = 2; part <= first.parts(); part++) {
                Snapshot next = gateway.next(Snapshot.class, 30);
                assertThat(next.part()).isEqualTo(part);
                assertThat(next.cidrs()).hasSizeLessThanOrEqualTo(2);
                all.addAll(next.cidrs());
            }
            assertThat(all).containsExactlyInAnyOrderElementsOf(cidrs(server.api().get("/api/v1/allowlist").json()));
        }
    }

    static List<String> cidrs(JsonObject allowlist) {
        return allowlist.getJsonArray("cidrs").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
