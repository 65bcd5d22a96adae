package io.egressgate.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.Cidr;
import io.egressgate.server.it.Api;
import io.egressgate.server.it.RunningServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A fleet at scale (issue 5): 1,000 gateways that ack as gateway-jar does, on a server whose
 * allowlist holds 10,000 addresses. Measured: all of them connecting at once (a snapshot each), the
 * delay from a {@code POST} answer to the delta at every gateway, all of them reconnecting at once
 * holding their revision (one change made while they were away) and without it; then, on a second
 * server with 100,000 addresses, 20 gateways asking for the snapshot at once.
 */
class FleetBenchmark {

    private static final Duration STORM_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration FRESH_STORM_TIMEOUT = Duration.ofMinutes(2);
    /** The fleet is first connected this many at a time, so that the measurements start from a synced fleet. */
    private static final int CONNECT_WAVE = 100;
    private static final int WARM_UP_ADDS = 5;
    private static final double TARGET_P99_MILLIS = 250;
    private static final double TARGET_RECONNECT_SECONDS = 30;
    private static final double TARGET_SNAPSHOT_BURST_SECONDS = 3;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void fleetOfAThousandGateways() throws Exception {
        int gateways = BenchSettings.integer("bench.fleet.gateways", 1000);
        int entries = BenchSettings.integer("bench.fleet.entries", 10_000);
        int adds = BenchSettings.integer("bench.fleet.adds", 100);
        Fleet.Acks acks = Fleet.Acks.named(BenchSettings.words("bench.fleet.acks", "coalesced").get(0));
        Report report = new Report("fleet: " + gateways + " gateways acking " + acks.name().toLowerCase(Locale.ROOT)
                + ", allowlist of " + entries + " addresses");
        report.line("server: H2 file seeded directly, -Xmx512m -XX:+UseSerialGC (the systemd unit's); "
                + "clients: one JVM, one shared Tyrus container, 4 worker threads, 32 connecting threads, every frame decoded");
        List<String> problems = new ArrayList<>();
        RunningServer server = seededServer("bench-fleet", entries);
        try {
            ServerCpu cpu = ServerCpu.of(server);
            String token = server.api().createToken("bench fleet", "gateway");
            try (Fleet fleet = new Fleet(acks)) {
                long started = System.nanoTime();
                long cpuBefore = cpu.millis();
                fleet.connect(server.gatewayUri(), token, gateways, CONNECT_WAVE, "bench-fleet", STORM_TIMEOUT);
                report.line(storm("connect " + CONNECT_WAVE + " at a time, no revision held (a " + entries
                        + "-address snapshot each)", started, fleet, cpu.millis() - cpuBefore, Double.NaN));

                report.line("the server's heap with the fleet connected, after a full collection: "
                        + ServerGc.of(server).liveMegabytes() + " MB");
                for (int i = 0; i < WARM_UP_ADDS; i++) {
                    PropagationBenchmark.addAndWait(http, server, fleet, null);
                }
                PropagationBenchmark.Measured measured = new PropagationBenchmark.Measured();
                ServerCpu clients = ServerCpu.ofClients();
                long clientCpuBefore = clients.millis();
                ServerGc gc = ServerGc.of(server);
                int gcMark = gc.mark();
                cpuBefore = cpu.millis();
                for (int i = 0; i < adds; i++) {
                    PropagationBenchmark.addAndWait(http, server, fleet, measured);
                }
                Latencies.Summary each = measured.perGateway.summary();
                report.line(String.format(Locale.ROOT, "propagation, %d adds one at a time: POST answered -> delta at each "
                                + "gateway p50 %.1f / p95 %.1f / p99 %.1f / max %.1f ms; last gateway p50 %.1f / p99 %.1f ms; "
                                + "missing %d; server CPU %.0f ms per add, the clients' JVM %.0f ms (target p99 <= %.0f ms: %s)",
                        adds, each.p50(), each.p95(), each.p99(), each.max(), measured.wholeFleet.summary().p50(),
                        measured.wholeFleet.summary().p99(), measured.missing, (cpu.millis() - cpuBefore) / (double) adds,
                        (clients.millis() - clientCpuBefore) / (double) adds, TARGET_P99_MILLIS, each.p99() <= TARGET_P99_MILLIS ? "met" : "MISSED"));
                report.line("propagation: " + gc.since(gcMark));
                if (measured.missing > 0) {
                    problems.add(measured.missing + " deltas never arrived");
                }

                int batchValues = BenchSettings.integer("bench.fleet.batchValues", 10_000);
                if (batchValues > 0) {
                    report.line(bulkAdd(server, fleet, batchValues, problems));
                }

                fleet.leaveAll();
                var added = server.api().post("/api/v1/entries", "{\"value\":\"2001:db8:fee::1\",\"note\":\"while away\"}");
                if (added.status() != 201) {
                    problems.add("adding while the fleet was away answered " + added);
                }
                long revision = server.api().get("/api/v1/allowlist").json().getJsonNumber("revision").longValue();
                started = System.nanoTime();
                cpuBefore = cpu.millis();
                fleet.reconnect(server.gatewayUri(), false, STORM_TIMEOUT);
                report.line(storm("reconnect holding the revision (one change missed)", started, fleet,
                        cpu.millis() - cpuBefore, TARGET_RECONNECT_SECONDS));
                if (!fleet.allAt(revision)) {
                    problems.add("after the reconnect not every gateway was at revision " + revision);
                }

                fleet.leaveAll();
                started = System.nanoTime();
                cpuBefore = cpu.millis();
                try {
                    fleet.reconnect(server.gatewayUri(), true, FRESH_STORM_TIMEOUT);
                    report.line(storm("reconnect holding nothing (a " + entries + "-address snapshot each)", started,
                            fleet, cpu.millis() - cpuBefore, TARGET_RECONNECT_SECONDS));
                } catch (IllegalStateException e) {
                    // a figure of its own, not a reason to lose the others
                    report.line("reconnect holding nothing (a " + entries + "-address snapshot each): not done within "
                            + FRESH_STORM_TIMEOUT.toSeconds() + " s: " + e.getMessage());
                }
                if (fleet.outOfOrder() + fleet.badFrames() > 0) {
                    problems.add("out of order " + fleet.outOfOrder() + ", undecodable " + fleet.badFrames()
                            + ", dropped by the server " + fleet.droppedByServer() + " (" + fleet.lastCloseReason() + ")");
                }
                report.line("gateways dropped by the server: " + fleet.droppedByServer()
                        + (fleet.droppedByServer() > 0 ? " (last: " + fleet.lastCloseReason() + ")" : ""));
            }
        } finally {
            stop(server);
        }
        snapshotBurst(report, problems);
        problems.forEach(report::line);
        report.finish();
        assertThat(problems).isEmpty();
    }

    /**
     * One {@code POST /api/v1/entries/batch} of {@code values} new IPv6 hosts: one revision, so one delta
     * of that many addresses to every gateway at once; then ten single adds, to see what it left behind.
     */
    private String bulkAdd(RunningServer server, Fleet fleet, int values, List<String> problems) throws Exception {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (int i = 0; i < values; i++) {
            array.add(String.format(Locale.ROOT, "2001:db8:bb%x::%x", i >>> 16, i & 0xffff));
        }
        String last = Cidr.parse(String.format(Locale.ROOT, "2001:db8:bb%x::%x", (values - 1) >>> 16,
                (values - 1) & 0xffff)).toString();
        Fleet.Probe probe = fleet.watch(last);
        ServerGc gc = ServerGc.of(server);
        long liveBefore = gc.liveMegabytes();
        int gcMark = gc.mark();
        long cpuBefore = ServerCpu.of(server).millis();
        Api api = server.api();
        Api.Reply reply = api.send(api.request("/api/v1/entries/batch")
                .timeout(Duration.ofSeconds(300)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder()
                        .add("values", array).add("note", "fleet bulk").build().toString())));
        long returned = System.nanoTime();
        if (reply.status() != 200) {
            problems.add("the bulk add answered " + reply.status());
            return "bulk add of " + values + ": answered " + reply.status();
        }
        boolean all = probe.await(Duration.ofMinutes(2));
        Latencies arrivals = new Latencies();
        for (int i = 0; i < fleet.size(); i++) {
            long at = probe.arrivals.get(i);
            if (at != 0) {
                arrivals.add(Math.max(0, at - returned));
            }
        }
        long cpuMillis = ServerCpu.of(server).millis() - cpuBefore;
        if (!all) {
            problems.add("the bulk add's delta reached " + arrivals.summary().count() + " of " + fleet.size() + " gateways");
        }
        PropagationBenchmark.Measured after = new PropagationBenchmark.Measured();
        for (int i = 0; i < 10; i++) {
            PropagationBenchmark.addAndWait(http, server, fleet, after);
        }
        Latencies.Summary each = arrivals.summary();
        return String.format(Locale.ROOT, "bulk add of %d values (one delta of %d addresses): POST answered -> delta at "
                        + "each gateway p50 %.0f / p99 %.0f / max %.0f ms, server CPU %.1f s, %s; the next 10 single adds: "
                        + "p99 %.0f ms; the server's heap after a full collection: %d MB before, %d MB after", values,
                values, each.p50(), each.p99(), each.max(), cpuMillis / 1000.0, gc.since(gcMark),
                after.perGateway.summary().p99(), liveBefore, gc.liveMegabytes());
    }

    /** 20 gateways asking for a 100,000-address snapshot at once. */
    private void snapshotBurst(Report report, List<String> problems) throws Exception {
        int gateways = BenchSettings.integer("bench.fleet.snapshotGateways", 20);
        int entries = BenchSettings.integer("bench.fleet.snapshotEntries", 100_000);
        if (gateways < 1) {
            return;
        }
        RunningServer server = seededServer("bench-fleet-snapshot", entries);
        try {
            ServerCpu cpu = ServerCpu.of(server);
            String token = server.api().createToken("bench snapshot burst", "gateway");
            for (int run = 1; run <= 3; run++) {
                try (Fleet fleet = new Fleet(Fleet.Acks.COALESCED)) {
                    long started = System.nanoTime();
                    long cpuBefore = cpu.millis();
                    fleet.connect(server.gatewayUri(), token, gateways, "bench-burst-" + run, STORM_TIMEOUT);
                    report.line(storm("run " + run + ": " + gateways + " gateways asking for a " + entries
                            + "-address snapshot at once", started, fleet, cpu.millis() - cpuBefore,
                            TARGET_SNAPSHOT_BURST_SECONDS));
                    if (fleet.droppedByServer() > 0) {
                        problems.add("snapshot burst: the server dropped " + fleet.droppedByServer() + " ("
                                + fleet.lastCloseReason() + ")");
                    }
                }
            }
        } finally {
            stop(server);
        }
    }

    private static RunningServer seededServer(String name, int entries) throws Exception {
        // the JVM options of deploy/systemd/egress-gate-server.service, not the ITs' quick-boot ones
        RunningServer server = BenchServers.stoppedAtExit(new RunningServer(name, null));
        server.jvmOptions("-Xmx512m", "-XX:+UseSerialGC", ServerGc.option(server));
        Seeder.seed("jdbc:h2:file:" + server.dataDir().resolve("egressgate").toAbsolutePath() + ";WRITE_DELAY=0",
                "egressgate", "egressgate", entries);
        return server.start();
    }

    private static void stop(RunningServer server) throws InterruptedException {
        server.stop();
        BenchServers.removeDataDir(server);
    }

    /** One storm's line: until every gateway held the revision, and the spread of their arrivals. */
    private static String storm(String what, long started, Fleet fleet, long serverCpuMillis, double targetSeconds) {
        double seconds = (System.nanoTime() - started) / 1e9;
        Latencies arrivals = new Latencies();
        for (long at : fleet.syncedAt()) {
            arrivals.add(at - started);
        }
        Latencies.Summary summary = arrivals.summary();
        String verdict = Double.isNaN(targetSeconds) ? ""
                : String.format(Locale.ROOT, " (target <= %.0f s: %s)", targetSeconds, seconds <= targetSeconds ? "met" : "MISSED");
        return String.format(Locale.ROOT, "%s: all %d at the revision after %.2f s; each: p50 %.2f / p99 %.2f s; "
                        + "server CPU %.1f s%s", what, fleet.size(), seconds, summary.p50() / 1000, summary.p99() / 1000,
                serverCpuMillis / 1000.0, verdict);
    }
}
