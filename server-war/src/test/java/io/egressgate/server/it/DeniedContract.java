package io.egressgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.protocol.Denied;
import io.egressgate.protocol.DeniedRecord;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Snapshot;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Blocked traffic travels to the server (protocol version 4): a gateway that said hello in a mode
 * sends what it denied, the server screens it record by record, files it under the gateway the
 * connection registered and adds a repeated report to the same minute's row; the API reads it back
 * filtered, for viewers and admins only. The same cases run on H2 and MariaDB.
 */
abstract class DeniedContract {

    abstract RunningServer server() throws Exception;

    String gatewayToken() throws Exception {
        return server().api().createToken("gw " + UUID.randomUUID(), "gateway");
    }

    /** A destination no other test uses: a random address of 203.0.113.0/24 is too few, so IPv6. */
    static String freshDestination() {
        UUID random = UUID.randomUUID();
        return String.format("2001:db8:%x:%x::7", random.getMostSignificantBits() & 0xffff,
                random.getLeastSignificantBits() & 0xffff);
    }

    static Snapshot hello(TestGateway gateway, String id, String hostname, String mode) throws Exception {
        gateway.send(new Hello(id, hostname, "test", null, null, mode));
        Snapshot first = gateway.next(Snapshot.class, 30);
        for (int part = 2; part <= first.parts(); part++) {
            gateway.next(Snapshot.class, 30);
        }
        return first;
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void aDenialAppearsWithTheClientThePortAndTheGatewayAndARepeatAddsUp() throws Exception {
        String id = "gw-" + UUID.randomUUID();
        String hostname = "host-" + id;
        String destination = freshDestination();
        String name = "blocked-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        try (TestGateway gateway = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            Snapshot snapshot = hello(gateway, id, hostname, Hello.ENFORCE);
            assertThat(snapshot.accepts(Denied.TYPE)).as("the server says it takes denied").isTrue();
            double deniedBefore = metric("egress_gate_denied_total", "hostname=\"" + hostname + "\"");
            double badSource = metric("egressgate_denied_records_refused_total", "reason=\"bad_source\"");
            double badDestination = metric("egressgate_denied_records_refused_total", "reason=\"bad_destination\"");
            double badProtocol = metric("egressgate_denied_records_refused_total", "reason=\"bad_protocol\"");
            long now = now();
            gateway.send(new Denied(List.of(
                    new DeniedRecord("10.20.0.5", destination, "TCP", 443, name, now - 5, now + 3600, 3, false),
                    new DeniedRecord("not-an-address", destination, "tcp", 443, null, now, now, 1, false),
                    new DeniedRecord("10.20.0.5", "198.51.100.0/24", "tcp", 443, null, now, now, 1, false),
                    new DeniedRecord("10.20.0.5", destination, "x".repeat(40), 443, null, now, now, 1, false),
                    new DeniedRecord("10.20.0.6", destination, "udp", 53, "-not a name-", now, now, 2, false)), 0));

            List<JsonObject> rows = awaitRows("destination=" + destination, 2);
            JsonObject tcp = only(rows, "10.20.0.5");
            assertThat(tcp.getString("destination")).isEqualTo(destination);
            assertThat(tcp.getInt("port")).isEqualTo(443);
            assertThat(tcp.getString("protocol")).isEqualTo("tcp");
            assertThat(tcp.getString("name")).isEqualTo(name);
            assertThat(tcp.getString("gateway")).isEqualTo(hostname);
            assertThat(tcp.getString("gatewayId")).isEqualTo(id);
            assertThat(tcp.getInt("count")).isEqualTo(3);
            assertThat(tcp.getBoolean("wouldDeny")).isFalse();
            assertThat(Instant.parse(tcp.getString("lastSeen")))
                    .as("a time in the future is taken as now").isBeforeOrEqualTo(Instant.now());
            JsonObject udp = only(rows, "10.20.0.6");
            assertThat(udp.isNull("name")).as("a name that is no DNS name is dropped, not the record").isTrue();
            assertThat(udp.getInt("port")).isEqualTo(53);
            awaitMetric("egress_gate_denied_total", "hostname=\"" + hostname + "\"", deniedBefore + 5);
            assertThat(metric("egressgate_denied_records_refused_total", "reason=\"bad_source\"")).isEqualTo(badSource + 1);
            assertThat(metric("egressgate_denied_records_refused_total", "reason=\"bad_destination\""))
                    .isEqualTo(badDestination + 1);
            assertThat(metric("egressgate_denied_records_refused_total", "reason=\"bad_protocol\""))
                    .isEqualTo(badProtocol + 1);

            gateway.send(new Denied(List.of(
                    new DeniedRecord("10.20.0.5", destination, "tcp", 443, null, now - 2, now, 4, false)), 0));
            for (int i = 0; i < 120 && only(rows("destination=" + destination), "10.20.0.5").getInt("count") < 7; i++) {
                Thread.sleep(250);
            }
            JsonObject added = only(rows("destination=" + destination), "10.20.0.5");
            assertThat(added.getInt("count")).as("the same minute's row adds up").isEqualTo(7);
            assertThat(added.getString("name")).as("a report without a name keeps the known one").isEqualTo(name);
        }
    }

    @Test
    void theFiltersSelectAndTheGatewayIsTheConnectionsNotTheFramesWord() throws Exception {
        String destination = freshDestination();
        String reporterId = "gw-" + UUID.randomUUID();
        String enforcerId = "gw-" + UUID.randomUUID();
        try (TestGateway reporter = TestGateway.connect(server().gatewayUri(), gatewayToken());
             TestGateway enforcer = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            hello(reporter, reporterId, "host-" + reporterId, Hello.REPORT);
            hello(enforcer, enforcerId, "host-" + enforcerId, null);
            long now = now();
            reporter.send(new Denied(List.of(
                    new DeniedRecord("10.30.0.1", destination, "tcp", 8443, "api.filters.example.net", now, now, 2, true)), 0));
            enforcer.send(new Denied(List.of(
                    new DeniedRecord("10.30.0.2", destination, "tcp", 8443, null, now, now, 5, false)), 0));
            awaitRows("destination=" + destination, 2);

            assertThat(rows("destination=" + destination + "&gateway=host-" + reporterId))
                    .singleElement().satisfies(row -> {
                        assertThat(row.getString("source")).isEqualTo("10.30.0.1");
                        assertThat(row.getBoolean("wouldDeny")).isTrue();
                    });
            assertThat(rows("destination=" + destination + "&gateway=" + enforcerId))
                    .singleElement().satisfies(row -> assertThat(row.getString("gateway")).isEqualTo("host-" + enforcerId));
            assertThat(rows("destination=" + destination + "&source=10.30.0.2")).singleElement()
                    .satisfies(row -> assertThat(row.getInt("count")).isEqualTo(5));
            assertThat(rows("q=filters.example&destination=" + destination)).singleElement()
                    .satisfies(row -> assertThat(row.getString("source")).isEqualTo("10.30.0.1"));
            assertThat(rows("destination=" + destination + "&since=" + Instant.now().plusSeconds(120)))
                    .as("nothing last seen after since").isEmpty();
            assertThat(rows("destination=" + destination + "&limit=1")).hasSize(1);
            assertThat(rows("destination=" + destination).get(0).getString("source"))
                    .as("most attempts first").isEqualTo("10.30.0.2");

            JsonObject mode = server().api().get("/api/v1/gateways").array().getValuesAs(JsonObject.class).stream()
                    .filter(g -> g.getString("id").equals(reporterId)).findFirst().orElseThrow();
            assertThat(mode.getString("mode")).isEqualTo("report");
            awaitMetric("egress_gate_gateway_report_mode", "hostname=\"host-" + reporterId + "\"", 1);
            // a hello without a mode enforces
            awaitMetric("egress_gate_gateway_report_mode", "hostname=\"host-" + enforcerId + "\"", 0);
            awaitMetric("egress_gate_would_deny_total", "hostname=\"host-" + reporterId + "\"", 2);
        }
    }

    @Test
    void onlyViewersAndAdminsReadAndBadFiltersAreRefused() throws Exception {
        Api anonymous = server().api(null);
        assertThat(anonymous.get("/api/v1/denied").status()).isEqualTo(401);
        assertThat(server().api(gatewayToken()).get("/api/v1/denied").status()).isEqualTo(403);
        String viewer = server().api().createToken("viewer " + UUID.randomUUID(), "viewer");
        Api.Reply read = server().api(viewer).get("/api/v1/denied?since=7d");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().getInt("limit")).isEqualTo(100);
        for (String bad : List.of("since=yesterday", "since=0d", "source=10.0.0.0/8", "destination=example.com",
                "limit=0", "limit=1001", "limit=ten", "gateway=" + encode("a b"), "q=" + "x".repeat(300))) {
            Api.Reply reply = server().api().get("/api/v1/denied?" + bad);
            assertThat(reply.status()).as(bad).isEqualTo(400);
            assertThat(reply.contentType()).as(bad).startsWith("application/problem+json");
        }
    }

    @Test
    void oversizedAndEarlyFramesCloseTheConnection() throws Exception {
        try (TestGateway early = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            early.send(new Denied(List.of(), 0));
            assertThat(early.awaitClose(15).getCloseCode().getCode()).as("denied before hello").isEqualTo(1003);
        }
        try (TestGateway many = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            hello(many, "gw-" + UUID.randomUUID(), "host-many", Hello.ENFORCE);
            StringBuilder records = new StringBuilder();
            for (int i = 0; i < Denied.MAX_RECORDS + 1; i++) {
                records.append(i == 0 ? "" : ",").append("{\"source\":\"10.0.0.1\",\"destination\":\"203.0.113.9\","
                        + "\"protocol\":\"tcp\",\"port\":443,\"name\":null,\"firstSeen\":1,\"lastSeen\":1,\"count\":1,"
                        + "\"wouldDeny\":false}");
            }
            many.sendText("{\"type\":\"denied\",\"records\":[" + records + "],\"dropped\":0}");
            assertThat(many.awaitClose(15).getCloseCode().getCode()).as("1,001 records").isEqualTo(1003);
        }
        try (TestGateway huge = TestGateway.connect(server().gatewayUri(), gatewayToken())) {
            hello(huge, "gw-" + UUID.randomUUID(), "host-huge", Hello.ENFORCE);
            huge.sendText("{\"type\":\"denied\",\"records\":[],\"dropped\":0,\"pad\":\"" + "x".repeat(1_100_000) + "\"}");
            assertThat(huge.awaitClose(15).getCloseCode().getCode()).as("over 1 MiB").isEqualTo(1009);
        }
    }

    List<JsonObject> rows(String query) throws Exception {
        Api.Reply reply = server().api().get("/api/v1/denied?" + query);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    List<JsonObject> awaitRows(String query, int count) throws Exception {
        List<JsonObject> rows = rows(query);
        for (int i = 0; i < 120 && rows.size() < count; i++) {
            Thread.sleep(250);
            rows = rows(query);
        }
        assertThat(rows).as("rows of " + query).hasSize(count);
        return rows;
    }

    static JsonObject only(List<JsonObject> rows, String source) {
        return rows.stream().filter(r -> r.getString("source").equals(source)).findFirst()
                .orElseThrow(() -> new AssertionError("no row from " + source + " in " + rows));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The sum of the series of {@code name} with {@code label}; 0 when there is none. */
    double metric(String name, String label) throws Exception {
        return series(name, label).stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Waits for the series to exist with the value: gauges of a new gateway appear with the scrape after it connected. */
    void awaitMetric(String name, String label, double expected) throws Exception {
        List<Double> values = series(name, label);
        for (int i = 0; i < 40 && !(values.size() == 1 && values.get(0) == expected); i++) {
            Thread.sleep(250);
            values = series(name, label);
        }
        assertThat(values).as(name + "{" + label + "}").containsExactly(expected);
    }

    private List<Double> series(String name, String label) throws Exception {
        String metrics = server().api().send(server().api().request("/metrics").GET()).body();
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains(label))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).toList();
    }
}
