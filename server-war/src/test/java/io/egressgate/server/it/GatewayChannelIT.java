package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Snapshot;
import io.egressgate.protocol.Stats;
import io.egressgate.protocol.Counter;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The gateway protocol of DESIGN.md against the real server. */
class GatewayChannelIT {

    RunningServer server() throws Exception {
        return Servers.h2();
    }

    String gatewayToken() throws Exception {
        return server().api().createToken("gw " + UUID.randomUUID(), "gateway");
    }

    static String freshCidr() {
        return DocumentationAddresses.network();
    }

    /** Says hello and collects the whole snapshot (all parts), its names those of every part together. */
    static Snapshot helloSnapshot(TestGateway gateway, String id) throws Exception {
        return helloSnapshot(gateway, id, "host-" + id);
    }

    static Snapshot helloSnapshot(TestGateway gateway, String id, String hostname) throws Exception {
        gateway.send(new Hello(id, hostname, "test", null, null));
        Snapshot first = gateway.next(Snapshot.class, 30);
        List<String> cidrs = new ArrayList<>(first.cidrs());
        List<String> names = new ArrayList<>(first.names());
        for (int part = 2; part <= first.parts(); part++) {
            Snapshot next = gateway.next(Snapshot.class, 30);
            assertThat(next.part()).isEqualTo(part);
            assertThat(next.revision()).isEqualTo(first.revision());
            cidrs.addAll(next.cidrs());
            names.addAll(next.names());
        }
        return new Snapshot(first.epoch(), first.revision(), cidrs, 1, 1, first.policy(), names, first.accepts());
    }

    @Test
    void aConnectionWithoutAGatewayTokenIsClosedWith1008() throws Exception {
        for (String token : new String[] {null, "egt_wrong", server().api().createToken("v " + UUID.randomUUID(), "viewer")}) {
            try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), token)) {
                CloseReason reason = gateway.awaitClose(10);
                assertThat(reason.getCloseCode().getCode()).as("token %s", token).isEqualTo(1008);
            }
        }
    }

    @Test
    void helloGetsTheSnapshotThenEveryChangeArrivesAsAnOrderedDelta() throws Exception {
        String cidr = freshCidr();
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            Snapshot snapshot = helloSnapshot(gateway, "gw-" + UUID.randomUUID());
            JsonObject allowlist = server().api().get("/api/v1/allowlist").json();
            assertThat(snapshot.epoch()).isEqualTo(allowlist.getString("epoch"));
            assertThat(snapshot.revision()).isLessThanOrEqualTo(allowlist.getJsonNumber("revision").longValue());

            long id = server().api().add(cidr, false).getJsonNumber("id").longValue();
            Delta added = nextDeltaMentioning(gateway, cidr);
            assertThat(added.add()).contains(cidr);
            assertThat(added.toRevision()).isGreaterThan(added.fromRevision());

            server().api().delete("/api/v1/entries/" + id);
            Delta removed = nextDeltaMentioning(gateway, cidr);
            assertThat(removed.remove()).contains(cidr);
            assertThat(removed.fromRevision()).isGreaterThanOrEqualTo(added.toRevision());
        }
    }

    /**
     * Long frames go out as WebSocket fragments (Payara would otherwise keep a copy of each on every
     * connection); two batches back to back, the first fragmented and the second whole while the first
     * is unconfirmed, arrive complete and in order.
     */
    @Test
    void deltasLongerThanAFragmentArriveWholeAndInOrder() throws Exception {
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            String gatewayId = "gw-" + UUID.randomUUID();
            Snapshot snapshot = helloSnapshot(gateway, gatewayId);
            // heard from after the snapshot (itself fragmented when long): the next long frame is fragmented
            gateway.send(new Ack(snapshot.revision(), snapshot.cidrs().size(), List.of(), 1));
            for (int i = 0; i < 50 && !acked(gatewayId); i++) {
                Thread.sleep(100);
            }
            assertThat(acked(gatewayId)).isTrue();
            List<List<String>> batches = List.of(freshCidrs(3_000), freshCidrs(3_000));
            for (List<String> batch : batches) {
                Api.Reply reply = server().api().post("/api/v1/entries/batch", Json.createObjectBuilder()
                        .add("values", Json.createArrayBuilder(batch)).add("note", "fragments").build().toString());
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            }
            for (List<String> batch : batches) {
                Delta delta = nextDeltaMentioning(gateway, batch.get(0));
                assertThat(String.join(",", delta.add())).as("a frame of fragments").hasSizeGreaterThan(64 * 1024);
                assertThat(delta.add()).containsAll(batch);
            }
        }
    }

    private boolean acked(String gatewayId) throws Exception {
        return server().api().get("/api/v1/gateways").array().stream().map(v -> v.asJsonObject())
                .anyMatch(g -> g.getString("id").equals(gatewayId) && !g.isNull("lastAck"));
    }

    private static List<String> freshCidrs(int count) {
        List<String> cidrs = new ArrayList<>();
        while (cidrs.size() < count) {
            String cidr = freshCidr();
            if (!cidrs.contains(cidr)) {
                cidrs.add(cidr);
            }
        }
        return cidrs;
    }

    /** Skips deltas caused by other tests, checking that every delta continues the previous one. */
    static Delta nextDeltaMentioning(TestGateway gateway, String cidrOrName) throws Exception {
        Long expectedFrom = null;
        for (int i = 0; i < 50; i++) {
            Delta delta = gateway.next(Delta.class, 30);
            if (expectedFrom != null) {
                assertThat(delta.fromRevision()).isEqualTo(expectedFrom);
            }
            expectedFrom = delta.toRevision();
            if (Stream.of(delta.add(), delta.remove(), delta.addNames(), delta.removeNames())
                    .anyMatch(list -> list.contains(cidrOrName))) {
                return delta;
            }
        }
        throw new AssertionError("no delta mentioning " + cidrOrName);
    }

    @Test
    void theNamesGatewaysAllowTravelInTheSnapshotAndAddingOrDeletingOneIsADelta() throws Exception {
        String base = "w" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        String domain = "d" + UUID.randomUUID().toString().substring(0, 8) + ".example.org";
        server().api().add(domain, false);
        String token = gatewayToken();
        String gatewayId = "gw-" + UUID.randomUUID();
        Snapshot snapshot;
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), token)) {
            snapshot = helloSnapshot(gateway, gatewayId);
            assertThat(snapshot.names()).contains(domain).doesNotContain("*." + base);

            long id = server().api().add("*." + base, false).getJsonNumber("id").longValue();
            Delta added = nextDeltaMentioning(gateway, "*." + base);
            assertThat(added.addNames()).containsExactly("*." + base);
            assertThat(added.removeNames()).isEmpty();
            assertThat(added.add()).as("a wildcard has no addresses of its own").isEmpty();
            assertThat(added.toRevision()).isGreaterThan(added.fromRevision());

            server().api().delete("/api/v1/entries/" + id);
            Delta removed = nextDeltaMentioning(gateway, "*." + base);
            assertThat(removed.removeNames()).containsExactly("*." + base);
            assertThat(removed.addNames()).isEmpty();
        }
        server().api().add("*." + base, false);
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), token)) {
            // back with the revision it had: the names changed since, netted (added, deleted, added again)
            gateway.send(new Hello(gatewayId, "host", "test", snapshot.epoch(), snapshot.revision()));
            Delta since = gateway.next(Delta.class, 30);
            assertThat(since.fromRevision()).isEqualTo(snapshot.revision());
            assertThat(since.addNames()).contains("*." + base).doesNotContain(domain);
            assertThat(since.removeNames()).doesNotContain("*." + base);
        }
        try (TestGateway fresh = TestGateway.connect(server().gatewayUri(), token)) {
            assertThat(helloSnapshot(fresh, "gw-" + UUID.randomUUID()).names()).contains(domain, "*." + base);
        }
    }

    @Test
    void aGatewayThatComesBackWithAnOldRevisionGetsOnlyWhatChanged() throws Exception {
        String token = gatewayToken();
        String gatewayId = "gw-" + UUID.randomUUID();
        String before = freshCidr();
        server().api().add(before, false);
        Snapshot snapshot;
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), token)) {
            snapshot = helloSnapshot(gateway, gatewayId);
            assertThat(snapshot.cidrs()).contains(before);
            gateway.send(new Ack(snapshot.revision(), snapshot.cidrs().size(), List.of(), 5));
        }
        String added = freshCidr();
        server().api().add(added, false);
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), token)) {
            gateway.send(new Hello(gatewayId, "host", "test", snapshot.epoch(), snapshot.revision()));
            Delta delta = gateway.next(Delta.class, 30);
            assertThat(delta.fromRevision()).isEqualTo(snapshot.revision());
            assertThat(delta.add()).contains(added);
            assertThat(delta.add()).doesNotContainAnyElementsOf(snapshot.cidrs());
        }
    }

    @Test
    void anUnknownEpochOrAFutureRevisionGetsASnapshot() throws Exception {
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            String gatewayId = "gw-" + UUID.randomUUID();
            gateway.send(new Hello(gatewayId, "host", "test", UUID.randomUUID().toString(), 3L));
            Snapshot fromOtherEpoch = gateway.next(Snapshot.class, 30);
            gateway.send(new Hello(gatewayId, "host", "test", fromOtherEpoch.epoch(), 1_000_000L));
            Snapshot fromFuture = gateway.next(Snapshot.class, 30);
            assertThat(fromFuture.epoch()).isEqualTo(fromOtherEpoch.epoch());
        }
    }

    @Test
    void acksAndStatsShowUpInTheGatewaysApiAndMetrics() throws Exception {
        String gatewayId = "gw-" + UUID.randomUUID();
        String hostname = "host-" + gatewayId.substring(3, 11);
        String allowed = freshCidr();
        server().api().add(allowed, false);
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            Snapshot snapshot = helloSnapshot(gateway, gatewayId, hostname);
            gateway.send(new Ack(snapshot.revision(), snapshot.cidrs().size(), List.of(), 42));
            gateway.send(new Stats(List.of(new Counter(allowed, 1234, 10, 5678, 12))));
            JsonObject seen = null;
            for (int i = 0; i < 50 && seen == null; i++) {
                seen = server().api().get("/api/v1/gateways").array().stream().map(v -> v.asJsonObject())
                        .filter(g -> g.getString("id").equals(gatewayId) && !g.isNull("lastAck"))
                        .findFirst().orElse(null);
                Thread.sleep(100);
            }
            assertThat(seen).isNotNull();
            assertThat(seen.getString("hostname")).isEqualTo(hostname);
            assertThat(seen.getBoolean("connected")).isTrue();
            assertThat(seen.getJsonNumber("appliedRevision").longValue()).isEqualTo(snapshot.revision());
            assertThat(seen.getJsonNumber("lastApplyMs").longValue()).isEqualTo(42);
            String metrics = server().api().get("/metrics").body();
            assertThat(metrics).containsPattern("iptables_bytes_count\\{[^}]*hostname=\"" + hostname
                    + "\"[^}]*ip=\"" + allowed + "\"[^}]*type=\"OUTPUT\"[^}]*} 1234");
            assertThat(metrics).contains("egressgate_gateways_connected");
        }
    }

    @Test
    void anAckOfARevisionNeverSentIsIgnored() throws Exception {
        String gatewayId = "gw-" + UUID.randomUUID();
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            gateway.send(new Hello(gatewayId, "host-forged-ack", "test", null, null));
            gateway.next(Snapshot.class, 30);
            gateway.send(new Ack(Long.MAX_VALUE, 0, List.of(), 1));
            // Nothing to wait for when the ack is ignored; 3 s is far longer than an ack takes to reach the API.
            Thread.sleep(3000);
            JsonObject seen = server().api().get("/api/v1/gateways").array().stream().map(v -> v.asJsonObject())
                    .filter(g -> g.getString("id").equals(gatewayId)).findFirst().orElseThrow();
            assertThat(seen.get("appliedRevision")).hasToString("null");
            assertThat(seen.isNull("lastAck")).isTrue();
        }
    }

    @Test
    void revokingAGatewayTokenClosesItsConnection() throws Exception {
        String token = gatewayToken();
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), token)) {
            helloSnapshot(gateway, "gw-" + UUID.randomUUID());
            long id = server().api().get("/api/v1/tokens").array().stream().map(v -> v.asJsonObject())
                    .filter(t -> t.getString("role").equals("gateway") && t.isNull("revokedAt"))
                    .mapToLong(t -> t.getJsonNumber("id").longValue()).max().orElseThrow();
            assertThat(server().api().delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
            assertThat(gateway.awaitClose(15).getCloseCode().getCode()).isEqualTo(1008);
        }
    }

    @Test
    void anotherTokenPresentingARegisteredGatewayIdIsRefusedAndNeverClosesTheRightfulConnection() throws Exception {
        String gatewayId = "gw-" + UUID.randomUUID();
        try (TestGateway rightful = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            helloSnapshot(rightful, gatewayId);
            for (int attempt = 0; attempt < 2; attempt++) {
                try (TestGateway impostor = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
                    impostor.send(new Hello(gatewayId, "impostor", "test", null, null));
                    CloseReason reason = impostor.awaitClose(15);
                    assertThat(reason.getCloseCode().getCode()).isEqualTo(1008);
                    assertThat(reason.getReasonPhrase()).contains("belongs to another token");
                }
            }
            assertThat(rightful.isOpen()).as("the rightful connection stays").isTrue();
            String cidr = freshCidr();
            server().api().add(cidr, false);
            assertThat(nextDeltaMentioning(rightful, cidr).add()).contains(cidr);
            JsonObject seen = server().api().get("/api/v1/gateways").array().stream().map(v -> v.asJsonObject())
                    .filter(g -> g.getString("id").equals(gatewayId)).findFirst().orElseThrow();
            assertThat(seen.getString("hostname")).isEqualTo("host-" + gatewayId);
        }
    }

    @Test
    void aFrameOverOneMebibyteIsClosedWith1009() throws Exception {
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            helloSnapshot(gateway, "gw-" + UUID.randomUUID());
            gateway.sendText("{\"type\":\"stats\",\"counters\":[],\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}");
            assertThat(gateway.awaitClose(15).getCloseCode().getCode()).isEqualTo(1009);
        }
    }

    @Test
    void revokingAGatewayTokenRemovesItsTrafficSeries() throws Exception {
        String hostname = "traffic-" + UUID.randomUUID();
        String token = gatewayToken();
        String allowed = freshCidr();
        server().api().add(allowed, false);
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), token)) {
            helloSnapshot(gateway, "gw-" + UUID.randomUUID(), hostname);
            gateway.send(new Stats(List.of(new Counter(allowed, 1000, 10, 2000, 20))));
            assertThat(awaitMetrics(m -> trafficSeriesOf(m, hostname) == 4)).as("series exported").isTrue();
            long id = server().api().get("/api/v1/tokens").array().stream().map(v -> v.asJsonObject())
                    .filter(t -> t.getString("role").equals("gateway") && t.isNull("revokedAt"))
                    .mapToLong(t -> t.getJsonNumber("id").longValue()).max().orElseThrow();
            assertThat(server().api().delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
            assertThat(gateway.awaitClose(15).getCloseCode().getCode()).isEqualTo(1008);
            assertThat(awaitMetrics(m -> trafficSeriesOf(m, hostname) == 0)).as("series removed").isTrue();
        }
    }

    @Test
    void countersForAddressesNotOnTheAllowlistAreDroppedAndThoseOfARemovedEntryGo() throws Exception {
        String hostname = "unlisted-" + UUID.randomUUID();
        String allowed = freshCidr();
        long id = server().api().add(allowed, false).getJsonNumber("id").longValue();
        double unlistedBefore = counterValue("egressgate_traffic_counters_unlisted_total");
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            helloSnapshot(gateway, "gw-" + UUID.randomUUID(), hostname);
            List<Counter> counters = new ArrayList<>();
            counters.add(new Counter(allowed, 1000, 10, 2000, 20));
            for (int i = 0; i < 2_000; i++) {
                counters.add(new Counter("100." + (64 + i / 250) + "." + (i % 250) + ".0/24", 1, 1, 1, 1));
            }
            gateway.send(new Stats(counters));
            assertThat(awaitMetrics(m -> trafficSeriesOf(m, hostname) == 4)).as("only the allowed address").isTrue();
            assertThat(counterValue("egressgate_traffic_counters_unlisted_total") - unlistedBefore)
                    .as("the invented ones are counted").isGreaterThanOrEqualTo(2_000);

            assertThat(server().api().delete("/api/v1/entries/" + id).status()).isEqualTo(204);
            assertThat(awaitMetrics(m -> trafficSeriesOf(m, hostname) == 0)).as("series of a removed entry").isTrue();
        }
    }

    @Test
    void aHelloFloodOnOneConnectionChangesNothingForOthers() throws Exception {
        double limitedBefore = refusedFrames("hello_rate_limited");
        try (TestGateway other = TestGateway.connect(server().gatewayUri(), gatewayToken());
             TestGateway flooding = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            helloSnapshot(other, "gw-" + UUID.randomUUID());
            String floodId = "gw-" + UUID.randomUUID();
            int sent = 0;
            try {
                for (; sent < 200 && flooding.isOpen(); sent++) {
                    flooding.send(new Hello(floodId, "flood", "test", null, null));
                }
            } catch (java.io.IOException | IllegalStateException closedMeanwhile) {
                // the server closed it while the flood was still going
            }
            CloseReason closed = flooding.awaitClose(15);
            // The server closes with 1008 "too many hellos"; hellos still arriving at the closed socket
            // can make the server's kernel answer with a reset that discards the close frame (1006).
            assertThat(closed.getCloseCode().getCode() == 1006 || closed.getReasonPhrase().equals("too many hellos"))
                    .as("closed by the server's limit, not for another reason: %s", closed).isTrue();
            // three at once are allowed, then 50 more are ignored before the connection is closed
            assertThat(refusedFrames("hello_rate_limited") - limitedBefore).isGreaterThan(50);
            assertThat(sent).isGreaterThan(53);

            String cidr = freshCidr();
            assertThat(server().api().post("/api/v1/entries", "{\"value\":\"" + cidr + "\"}").status()).isEqualTo(201);
            assertThat(nextDeltaMentioning(other, cidr).add()).as("the other gateway is served").contains(cidr);
        }
    }

    private double counterValue(String name) throws Exception {
        String metrics = server().api().send(server().api().request("/metrics").GET()).body();
        return metrics.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void malformedFramesAndFramesOnlyTheServerSendsAreRefusedAndCounted() throws Exception {
        double malformed = refusedFrames("malformed");
        double notFromGateways = refusedFrames("not_sent_by_gateways");
        for (String frame : new String[] {"{not json", "{\"type\":\"hello\",\"gatewayId\":5}"}) {
            try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
                gateway.sendText(frame);
                assertThat(gateway.awaitClose(15).getCloseCode().getCode()).as(frame).isEqualTo(1003);
            }
        }
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            gateway.send(new Snapshot("e", 1, List.of("192.0.2.1/32"), 1, 1));
            assertThat(gateway.awaitClose(15).getCloseCode().getCode()).isEqualTo(1003);
        }
        assertThat(refusedFrames("malformed")).isEqualTo(malformed + 2);
        assertThat(refusedFrames("not_sent_by_gateways")).isEqualTo(notFromGateways + 1);
    }

    private double refusedFrames(String reason) throws Exception {
        String metrics = server().api().send(server().api().request("/metrics").GET()).body();
        return metrics.lines().filter(line -> line.startsWith("egressgate_gateway_frames_refused_total{"))
                .filter(line -> line.contains("reason=\"" + reason + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static long trafficSeriesOf(String metrics, String hostname) {
        return metrics.lines().filter(line -> line.startsWith("iptables_"))
                .filter(line -> line.contains("hostname=\"" + hostname + "\"")).count();
    }

    /** Scrapes /metrics until the condition holds, at most 15 s. */
    private boolean awaitMetrics(java.util.function.Predicate<String> condition) throws Exception {
        for (int i = 0; i < 30; i++) {
            if (condition.test(server().api().send(server().api().request("/metrics").GET()).body())) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }
}
