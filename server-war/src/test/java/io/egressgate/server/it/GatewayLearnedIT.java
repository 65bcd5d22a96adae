package io.egressgate.server.it;

import static io.egressgate.server.it.GatewayChannelIT.helloSnapshot;
import static io.egressgate.server.it.GatewayChannelIT.nextDeltaMentioning;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.Cidr;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.Learned;
import io.egressgate.protocol.LearnedAddress;
import io.egressgate.protocol.Snapshot;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Learned addresses travel back (protocol version 3): one gateway reports what its forwarder
 * answered for an allowed name, the server screens it, files it under that gateway's id and the
 * entry, publishes it to every gateway, and takes it off again when it expires.
 */
class GatewayLearnedIT {

    RunningServer server() throws Exception {
        return Servers.h2();
    }

    String gatewayToken() throws Exception {
        return server().api().createToken("gw " + UUID.randomUUID(), "gateway");
    }

    /** A host address no other test gives: a random /128 of the documentation prefix. */
    static String freshHost() {
        UUID random = UUID.randomUUID();
        return Cidr.parse(String.format("2001:db8:%x:%x::1/128", random.getMostSignificantBits() & 0xffff,
                random.getLeastSignificantBits() & 0xffff)).toString();
    }

    @Test
    void anAddressLearnedUnderAnAllowedWildcardReachesTheOtherGatewaysAndExpires() throws Exception {
        String base = "l" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        String learnerId = "gw-" + UUID.randomUUID();
        try (TestGateway learner = TestGateway.connect(server().gatewayUri(), gatewayToken());
             TestGateway other = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            Snapshot snapshot = helloSnapshot(learner, learnerId);
            assertThat(snapshot.accepts(Learned.TYPE)).as("the server says it takes learned").isTrue();
            helloSnapshot(other, "gw-" + UUID.randomUUID());
            long id = server().api().add("*." + base, false).getJsonNumber("id").longValue();
            nextDeltaMentioning(other, "*." + base);
            nextDeltaMentioning(learner, "*." + base);

            double nameRefused = refused("name_not_allowed");
            double policyRefused = refused("policy");
            double notHost = refused("not_a_host_address");
            double rateLimited = framesRefused("learned_rate_limited");
            String learned = freshHost();
            String ignored = freshHost();
            learner.send(new Learned(List.of(
                    new LearnedAddress("n1." + base, learned, 630),
                    new LearnedAddress("n1.unlisted-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org",
                            freshHost(), 630),
                    new LearnedAddress("n2." + base, "10.1.2.3/32", 630),
                    new LearnedAddress("n3." + base, "198.51.100.0/24", 630))));
            // within the same second: ignored
            learner.send(new Learned(List.of(new LearnedAddress("n9." + base, ignored, 630))));

            Delta added = nextDeltaMentioning(other, learned);
            assertThat(added.add()).containsExactly(learned);
            JsonObject address = addressOf(id, learned);
            assertThat(address.getString("source")).isEqualTo("learned");
            assertThat(address.getString("gateway")).isEqualTo(learnerId);
            assertThat(address.getString("name")).isEqualTo("n1." + base);
            assertThat(address.getString("expiresAt")).isNotBlank();
            assertThat(addresses(id)).as("only the accepted address").hasSize(1);
            assertThat(refused("name_not_allowed")).isEqualTo(nameRefused + 1);
            assertThat(refused("policy")).isEqualTo(policyRefused + 1);
            assertThat(refused("not_a_host_address")).isEqualTo(notHost + 1);
            assertThat(framesRefused("learned_rate_limited")).isEqualTo(rateLimited + 1);

            Thread.sleep(1_100);
            String brief = freshHost();
            learner.send(new Learned(List.of(new LearnedAddress("n4." + base, brief, 2))));
            assertThat(nextDeltaMentioning(other, brief).add()).containsExactly(brief);
            long sent = System.nanoTime();
            Delta expired = nextDeltaMentioning(other, brief);
            assertThat(expired.remove()).containsExactly(brief);
            assertThat((System.nanoTime() - sent) / 1_000_000_000.0).as("seconds to expire").isLessThan(30);
            assertThat(addresses(id).stream().map(a -> a.getString("cidr"))).containsExactly(learned);

            server().api().delete("/api/v1/entries/" + id);
            Delta deleted = nextDeltaMentioning(other, learned);
            assertThat(deleted.remove()).as("deleting the entry takes what was learned under it").contains(learned);
        }
    }

    @Test
    void aFullFrameIsOneChangeAndAGatewayHoldsAtMostTenThousand() throws Exception {
        String base = "f" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        int group = Math.floorMod(UUID.randomUUID().hashCode(), 0xffff);
        try (TestGateway learner = TestGateway.connect(server().gatewayUri(), gatewayToken());
             TestGateway other = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            helloSnapshot(learner, "gw-" + UUID.randomUUID());
            helloSnapshot(other, "gw-" + UUID.randomUUID());
            long id = server().api().add("*." + base, false).getJsonNumber("id").longValue();
            nextDeltaMentioning(other, "*." + base);
            double overLimit = refused("gateway_limit");
            try {
                List<String> first = frame(group, 0, 1000);
                learner.send(learned(base, first));
                Delta delta = nextDeltaMentioning(other, first.get(0));
                assertThat(delta.add()).as("a frame of 1,000 is one change").containsAll(first);
                for (int frame = 1; frame < 10; frame++) {
                    Thread.sleep(1_100);
                    learner.send(learned(base, frame(group, frame, 1000)));
                }
                Thread.sleep(1_100);
                learner.send(learned(base, frame(group, 10, 3)));
                for (int i = 0; i < 60 && refused("gateway_limit") < overLimit + 3; i++) {
                    Thread.sleep(250);
                }
                assertThat(refused("gateway_limit")).isEqualTo(overLimit + 3);
                assertThat(addresses(id)).hasSize(LEARNED_PER_GATEWAY);
            } finally {
                server().api().delete("/api/v1/entries/" + id);
            }
        }
    }

    private static final int LEARNED_PER_GATEWAY = 10_000;

    /** {@code count} host addresses of their own: 2001:db8:group:frame::n. */
    private static List<String> frame(int group, int frame, int count) {
        return java.util.stream.IntStream.range(1, count + 1)
                .mapToObj(n -> Cidr.parse(String.format("2001:db8:%x:%x::%x/128", group, frame, n)).toString()).toList();
    }

    private static Learned learned(String base, List<String> cidrs) {
        return new Learned(cidrs.stream().map(cidr -> new LearnedAddress("www." + base, cidr, 600)).toList());
    }

    @Test
    void learnedBeforeHelloClosesTheConnection() throws Exception {
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            gateway.send(new Learned(List.of(new LearnedAddress("a.example.com", freshHost(), 60))));
            assertThat(gateway.awaitClose(15).getCloseCode().getCode()).isEqualTo(1003);
        }
    }

    private List<JsonObject> addresses(long id) throws Exception {
        return server().api().get("/api/v1/entries/" + id).json().getJsonArray("addresses")
                .getValuesAs(JsonObject.class);
    }

    private JsonObject addressOf(long id, String cidr) throws Exception {
        return addresses(id).stream().filter(a -> a.getString("cidr").equals(cidr)).findFirst()
                .orElseThrow(() -> new AssertionError(cidr + " not among the addresses of entry " + id));
    }

    private double refused(String reason) throws Exception {
        return sum("egressgate_learned_addresses_refused_total", reason);
    }

    private double framesRefused(String reason) throws Exception {
        return sum("egressgate_gateway_frames_refused_total", reason);
    }

    private double sum(String metric, String reason) throws Exception {
        String metrics = server().api().send(server().api().request("/metrics").GET()).body();
        return metrics.lines().filter(line -> line.startsWith(metric + "{"))
                .filter(line -> line.contains("reason=\"" + reason + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
