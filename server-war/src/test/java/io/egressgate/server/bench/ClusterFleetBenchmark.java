package io.egressgate.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.it.Api;
import io.egressgate.server.it.RunningServer;
import io.egressgate.server.it.Servers;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's cluster target: 5,000 gateways spread evenly over three servers on one MariaDB database,
 * joined by Payara's data grid on loopback, with an allowlist of 10,000 addresses. Each add is posted
 * to the next server in turn and measured from its answer to the delta at every gateway on every
 * server (target p99 &lt;= 500 ms). The servers, the database and every gateway share this machine's
 * cores, so the line also gives the floor that their CPU alone sets.
 */
class ClusterFleetBenchmark {

    private static final String DATABASE = "egressgate_bench_cluster";
    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(5);
    private static final int CONNECT_WAVE = 100;
    /**
     * Adds before the measured ones: enough for the servers' JIT compilers to settle. After five, they
     * still took a third of the servers' CPU during the next 60 adds, and a fifth in the 30 after those.
     */
    private static final int WARM_UP_ADDS = 60;
    /** The batch endpoint's limit. */
    private static final int SEED_BATCH = 10_000;
    private static final double TARGET_P99_MILLIS = 500;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void gatewaysSpreadOverAGrid() throws Exception {
        int gateways = BenchSettings.integer("bench.cluster.gateways", 5000);
        int instances = BenchSettings.integer("bench.cluster.instances", 3);
        int entries = BenchSettings.integer("bench.cluster.entries", 10_000);
        int adds = BenchSettings.integer("bench.cluster.adds", 100);
        Fleet.Acks acks = Fleet.Acks.named(BenchSettings.words("bench.cluster.acks", "coalesced").get(0));
        Report report = new Report("cluster: " + gateways + " gateways acking " + acks.name().toLowerCase(Locale.ROOT)
                + " over " + instances + " servers on MariaDB, allowlist of " + entries + " addresses");
        report.line("servers: -Xmx512m -XX:+UseSerialGC each (the systemd unit's), grid on loopback (tcpip); clients: "
                + "one JVM (Serial GC), one shared Tyrus container, 4 worker threads; " + WARM_UP_ADDS + " warm-up adds; adds "
                + "posted to each server in turn");
        List<String> problems = new ArrayList<>();
        List<RunningServer> servers = startGrid(instances);
        try {
            long started = System.nanoTime();
            seed(servers.get(0).api(), entries, problems);
            report.line(String.format(Locale.ROOT, "seeded %d addresses through the batch endpoint in %.1f s", entries,
                    (System.nanoTime() - started) / 1e9));
            List<ServerCpu> cpus = servers.stream().map(ServerCpu::of).toList();
            String token = servers.get(0).api().createToken("bench cluster", "gateway");
            try (Fleet fleet = new Fleet(acks)) {
                started = System.nanoTime();
                for (int i = 0; i < instances; i++) {
                    int share = gateways / instances + (i < gateways % instances ? 1 : 0);
                    fleet.connect(servers.get(i).gatewayUri(), token, share, CONNECT_WAVE, "bench-cluster-" + i,
                            CONNECT_TIMEOUT);
                }
                report.line(String.format(Locale.ROOT, "connect %d at a time to each server in turn: all %d at the "
                        + "revision after %.1f s", CONNECT_WAVE, fleet.size(), (System.nanoTime() - started) / 1e9));

                for (int i = 0; i < WARM_UP_ADDS; i++) {
                    PropagationBenchmark.addAndWait(http, servers.get(i % instances), fleet, null);
                }
                List<ServerGc> gcs = servers.stream().map(ServerGc::of).toList();
                List<Integer> gcMarks = gcs.stream().map(ServerGc::mark).toList();
                ServerCpu clients = ServerCpu.ofClients();
                ServerCpu database = ServerCpu.ofDatabase();
                long clientCpuBefore = clients.millis();
                long databaseCpuBefore = database.millis();
                long serverCpuBefore = total(cpus);
                long compilerCpuBefore = compilers(cpus);
                PropagationBenchmark.Measured measured = new PropagationBenchmark.Measured();
                for (int i = 0; i < adds; i++) {
                    PropagationBenchmark.addAndWait(http, servers.get(i % instances), fleet, measured);
                }
                double serverCpu = (total(cpus) - serverCpuBefore) / (double) adds;
                double clientCpu = (clients.millis() - clientCpuBefore) / (double) adds;
                double compilerCpu = (compilers(cpus) - compilerCpuBefore) / (double) adds;
                double databaseCpu = (database.millis() - databaseCpuBefore) / (double) adds;
                Latencies.Summary each = measured.perGateway.summary();
                report.line(String.format(Locale.ROOT, "propagation, %d adds one at a time: POST answered -> delta at each "
                                + "gateway p50 %.1f / p95 %.1f / p99 %.1f / max %.1f ms; last gateway p50 %.1f / p99 %.1f ms; "
                                + "missing %d (target p99 <= %.0f ms: %s)", adds, each.p50(), each.p95(), each.p99(),
                        each.max(), measured.wholeFleet.summary().p50(), measured.wholeFleet.summary().p99(),
                        measured.missing, TARGET_P99_MILLIS, each.p99() <= TARGET_P99_MILLIS ? "met" : "MISSED"));
                report.line(String.format(Locale.ROOT, "CPU per add: the %d servers %.0f ms (their JIT compilers at least %.0f ms "
                                + "of it), the clients' JVM %.0f ms, the database %.0f ms; on %d cores that alone takes at "
                                + "least %.0f ms", instances, serverCpu, compilerCpu, clientCpu, databaseCpu,
                        Runtime.getRuntime().availableProcessors(),
                        (serverCpu + clientCpu + databaseCpu) / Runtime.getRuntime().availableProcessors()));
                for (int i = 0; i < instances; i++) {
                    report.line("server " + (char) ('a' + i) + ": " + gcs.get(i).since(gcMarks.get(i)));
                }
                if (measured.missing > 0) {
                    problems.add(measured.missing + " deltas never arrived");
                }
                if (fleet.outOfOrder() + fleet.badFrames() + fleet.droppedByServer() > 0) {
                    problems.add("out of order " + fleet.outOfOrder() + ", undecodable " + fleet.badFrames()
                            + ", dropped by the servers " + fleet.droppedByServer() + " (" + fleet.lastCloseReason() + ")");
                }
            }
        } finally {
            for (RunningServer server : servers) {
                server.stop();
                BenchServers.removeDataDir(server);
            }
        }
        problems.forEach(report::line);
        report.finish();
        assertThat(problems).isEmpty();
    }

    /** One after the other, so that the first is the oldest member of the grid. */
    private static List<RunningServer> startGrid(int instances) throws Exception {
        Path base = Servers.mariadbConfig(DATABASE);
        List<Integer> gridPorts = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            gridPorts.add(RunningServer.portOutsideEphemeralRange());
        }
        String members = gridPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        List<RunningServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                Path config = Files.createTempFile("egress-gate-bench-cluster-" + i, ".yaml");
                Files.writeString(config, Files.readString(base) + String.join("\n",
                        "cluster_mode: \"tcpip:" + members + "\"",
                        "cluster_interface: \"127.0.0.1\"",
                        "cluster_port: " + gridPorts.get(i), ""));
                RunningServer server = BenchServers.stoppedAtExit(new RunningServer("bench-cluster-" + (char) ('a' + i),
                        config));
                server.jvmOptions("-Xmx512m", "-XX:+UseSerialGC", ServerGc.option(server));
                servers.add(server);
                server.start();
            }
        } catch (Exception | AssertionError e) {
            for (RunningServer server : servers) {
                server.kill();
            }
            throw e;
        }
        return servers;
    }

    /** Documentation addresses, {@link #SEED_BATCH} a request, as an operator's import would send them. */
    private static void seed(Api api, int entries, List<String> problems) {
        for (int from = 0; from < entries; from += SEED_BATCH) {
            JsonArrayBuilder values = Json.createArrayBuilder();
            for (int i = from; i < Math.min(entries, from + SEED_BATCH); i++) {
                values.add(Seeder.address(i));
            }
            String body = Json.createObjectBuilder().add("values", values).add("note", "cluster benchmark").build().toString();
            Api.Reply reply = api.send(api.request("/api/v1/entries/batch").timeout(Duration.ofSeconds(300))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
            if (reply.status() != 200) {
                problems.add("seeding answered " + reply.status() + " "
                        + reply.body().substring(0, Math.min(300, reply.body().length())));
            }
        }
    }

    private static long total(List<ServerCpu> cpus) {
        return cpus.stream().mapToLong(ServerCpu::millis).sum();
    }

    private static long compilers(List<ServerCpu> cpus) {
        return cpus.stream().mapToLong(ServerCpu::compilerMillis).sum();
    }
}
