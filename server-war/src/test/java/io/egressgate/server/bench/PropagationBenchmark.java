package io.egressgate.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.Cidr;
import io.egressgate.server.it.RunningServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How long after {@code POST /api/v1/entries} returns the delta carrying that address has arrived
 * (and been decoded) at each of N connected gateways. Adds are made one at a time; the next one
 * starts once every gateway has the previous one (or the wait timed out), after a short pause.
 */
class PropagationBenchmark {

    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FLEET_TIMEOUT = Duration.ofMinutes(5);
    private static final int WARM_UP_ADDS = 5;
    /** How long a connected fleet is left alone to see what its pings cost the server (10 s ping interval). */
    private static final Duration IDLE = Duration.ofSeconds(BenchSettings.integer("bench.propagation.idleSeconds", 20));
    /** A row stops adding after this long, with however many adds it has made. */
    private static final Duration ROW_BUDGET = Duration.ofSeconds(BenchSettings.integer("bench.propagation.rowSeconds", 150));
    private static final long PAUSE_BETWEEN_ADDS_MILLIS = 20;
    /** Issue 2's targets for p99, by fleet size. */
    private static final Map<Integer, Double> TARGET_P99_MILLIS = Map.of(100, 50.0, 1000, 250.0);
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What one fleet size measured; filled add by add. */
    static final class Measured {
        final Latencies perGateway = new Latencies();
        final Latencies wholeFleet = new Latencies();
        final Latencies fromSent = new Latencies();
        final Latencies post = new Latencies();
        int early;
        int missing;
    }

    record Row(String mode, int gateways, int adds, Measured measured, double connectSeconds, double serverCpuMillisPerAdd,
               double idleCpuPercent) {
    }

    @Test
    void deltaReachesEveryGatewaySoonAfterTheApiAnswers() throws Exception {
        RunningServer server = BenchServers.h2();
        ServerCpu cpu = ServerCpu.of(server);
        List<Integer> sizes = BenchSettings.integers("bench.propagation.gateways", "1,100,1000");
        List<String> modes = BenchSettings.words("bench.propagation.modes", "silent,acking");
        int adds = BenchSettings.integer("bench.propagation.adds", 100);
        String token = server.api().createToken("bench propagation", "gateway");
        Report report = new Report("propagation: POST /api/v1/entries returned -> delta with that address decoded at each gateway");
        report.line("server: H2 file, -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC (RunningServer); "
                + "clients: one JVM, one shared Tyrus container, 4 worker threads; " + adds + " adds per row (or as many as fit in "
                + ROW_BUDGET.toSeconds() + " s) after " + WARM_UP_ADDS + " warm-up adds, one at a time, "
                + PAUSE_BETWEEN_ADDS_MILLIS + " ms apart; before them the fleet idles " + IDLE.toSeconds() + " s");
        report.line("silent = gateways never ack (the issue's light client); acking = every snapshot and delta acked, as gateway-jar does");
        List<Row> rows = new ArrayList<>();
        int outOfOrder = 0;
        int dropped = 0;
        for (String mode : modes) {
            for (int size : sizes) {
                try (Fleet fleet = new Fleet(mode.equals("acking") ? Fleet.Acks.EVERY : Fleet.Acks.NONE)) {
                    Row row = measure(server, cpu, fleet, token, mode, size, adds);
                    rows.add(row);
                    report.line(String.format(Locale.ROOT, "  measured %s N=%d: %d adds, p99 %.1f ms (fleet synced in %.1f s)",
                            mode, size, row.adds(), row.measured().perGateway.summary().p99(), row.connectSeconds()));
                    outOfOrder += fleet.outOfOrder() + fleet.badFrames();
                    dropped += fleet.droppedByServer();
                    if (fleet.droppedByServer() > 0) {
                        report.line("  server dropped " + fleet.droppedByServer() + " gateways, last: " + fleet.lastCloseReason());
                    }
                }
            }
        }
        printTable(report, rows);
        report.line("deltas out of order or undecodable: " + outOfOrder + "; gateways dropped by the server: " + dropped);
        report.finish();
        assertThat(outOfOrder).as("every delta continues the previous one").isZero();
        assertThat(rows).allSatisfy(r -> assertThat(r.measured().missing).as("arrivals missing after %s", ARRIVAL_TIMEOUT).isZero());
    }

    /** One fleet size: connect, idle (pings only), warm up, then the measured adds within the time budget. */
    private Row measure(RunningServer server, ServerCpu cpu, Fleet fleet, String token, String mode, int size, int adds)
            throws Exception {
        long connectStart = System.nanoTime();
        fleet.connect(server.gatewayUri(), token, size, "bench-" + mode + "-" + size, FLEET_TIMEOUT);
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        long idleCpu = cpu.millis();
        Thread.sleep(IDLE.toMillis());
        double idleCpuPercent = (cpu.millis() - idleCpu) / (double) IDLE.toMillis() * 100;
        for (int i = 0; i < WARM_UP_ADDS; i++) {
            addAndWait(server, fleet, null);
        }
        Measured measured = new Measured();
        long cpuBefore = cpu.millis();
        long deadline = System.nanoTime() + ROW_BUDGET.toNanos();
        int done = 0;
        while (done < adds && System.nanoTime() < deadline) {
            addAndWait(server, fleet, measured);
            done++;
        }
        return new Row(mode, size, done, measured, connectSeconds, (cpu.millis() - cpuBefore) / (double) done, idleCpuPercent);
    }

    private void addAndWait(RunningServer server, Fleet fleet, Measured into) throws Exception {
        addAndWait(http, server, fleet, into);
    }

    /** One add; {@code into} null for a warm-up add that is not counted. */
    static void addAndWait(HttpClient http, RunningServer server, Fleet fleet, Measured into) throws Exception {
        String value = "2001:db8:b::" + Integer.toHexString(ADDRESSES.incrementAndGet());
        Fleet.Probe probe = fleet.watch(Cidr.parse(value).toString());
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/entries"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + RunningServer.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"value\":\"" + value + "\",\"note\":\"bench\"}")).build();
        long sent = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException staleConnection) {
            // the server closes a keep-alive connection idle for 30 s (the fleet's idle phase), and
            // a request can race that close; it never reached the app, so send it once more
            sent = System.nanoTime();
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        long returned = System.nanoTime();
        if (response.statusCode() != 201) {
            throw new AssertionError("adding " + value + " answered " + response.statusCode() + " " + response.body());
        }
        boolean all = probe.await(ARRIVAL_TIMEOUT);
        if (into != null) {
            into.post.add(returned - sent);
            long last = 0;
            for (int i = 0; i < fleet.size(); i++) {
                long at = probe.arrivals.get(i);
                if (at == 0) {
                    into.missing++;
                    continue;
                }
                if (at < returned) {
                    into.early++;
                }
                into.perGateway.add(Math.max(0, at - returned));
                into.fromSent.add(at - sent);
                last = Math.max(last, at);
            }
            if (all) {
                into.wholeFleet.add(Math.max(0, last - returned));
            }
        }
        Thread.sleep(PAUSE_BETWEEN_ADDS_MILLIS);
    }

    private static void printTable(Report report, List<Row> rows) {
        report.line("");
        report.line(String.format(Locale.ROOT, "%-7s %5s %4s %6s | after POST returned, each gateway: %s | last gateway: %6s %6s "
                        + "| after POST sent: %6s %6s | POST p50 | early missing | server CPU/add | idle CPU | synced in | target p99",
                "mode", "N", "adds", "samples", Latencies.Summary.header(), "p50", "p99", "p50", "p99"));
        for (Row row : rows) {
            Measured m = row.measured();
            Latencies.Summary each = m.perGateway.summary();
            Latencies.Summary fleet = m.wholeFleet.summary();
            Latencies.Summary fromSent = m.fromSent.summary();
            Double target = TARGET_P99_MILLIS.get(row.gateways());
            String verdict = target == null ? "-" : String.format(Locale.ROOT, "<= %.0f ms: %s", target,
                    each.p99() <= target ? "met" : "MISSED");
            report.line(String.format(Locale.ROOT, "%-7s %5d %4d %6d | after POST returned, each gateway: %s | last gateway: %6.1f %6.1f "
                            + "| after POST sent: %6.1f %6.1f | %5.1f ms | %5d %7d | %8.1f ms | %6.1f %% | %7.1f s | %s",
                    row.mode(), row.gateways(), row.adds(), each.count(), each.columns(), fleet.p50(), fleet.p99(),
                    fromSent.p50(), fromSent.p99(), m.post.summary().p50(), m.early, m.missing, row.serverCpuMillisPerAdd(),
                    row.idleCpuPercent(), row.connectSeconds(), verdict));
        }
        report.line("(ms unless marked; latency after POST returned is 0 when the delta beat the HTTP answer: 'early' counts those; "
                + "'last gateway' = until the whole fleet had it; server CPU/add = server process CPU over the measured adds; "
                + "idle CPU = server process CPU while the connected fleet idled, in % of one core; 'synced in' = N connects, hellos and snapshots)");
    }
}
