package io.egressgate.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.it.RunningServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sustained REST API rate with 16 concurrent clients on H2: adding entries, reading one entry,
 * reading a page of the list, and adds and reads at the same time.
 */
class RestApiBenchmark {

    private static final int MAX_REQUESTS_PER_CLIENT = 20_000;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Test
    void sustainedRateOfAddsAndReads() throws Exception {
        RunningServer server = BenchServers.h2();
        int clients = BenchSettings.integer("bench.api.clients", 16);
        Duration phase = Duration.ofSeconds(BenchSettings.integer("bench.api.seconds", 15));
        Report report = new Report("API: sustained rate, " + clients + " concurrent clients, H2");
        report.line("server: H2 file (WRITE_DELAY=0), -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC; clients: java.net.http, "
                + "HTTP/1.1, one connection each, closed loop, " + phase.toSeconds() + " s per phase (at most "
                + MAX_REQUESTS_PER_CLIENT + " requests per client), each after a " + WARM_UP.toSeconds() + " s warm-up of the same load");
        String base = server.baseUrl();
        ServerCpu cpu = ServerCpu.of(server);

        Phase post = Phase.run(cpu, List.of(adds(base, clients, "post")), phase);
        List<String> created = post.result().byKind().get("post").locations;
        assertThat(created).as("POST answered with Location headers").isNotEmpty();
        long entries = server.api().get("/api/v1/entries?limit=1").json().getJsonNumber("total").longValue();
        Phase getOne = Phase.run(cpu, List.of(reads("get-entry", clients, created)), phase);
        Phase getList = Phase.run(cpu, List.of(new ApiLoad.Kind("get-list", clients, 200,
                (client, n) -> request(base + "/api/v1/entries?limit=100").GET().build())), phase);
        Phase mixed = Phase.run(cpu, List.of(adds(base, clients / 2, "mixed-post"),
                reads("mixed-get-entry", clients - clients / 2, created)), phase);

        report.line("entries on the server during the read phases: " + entries);
        report.line("");
        report.line(String.format(Locale.ROOT, "%-42s %7s %8s %8s | %s | %s", "phase", "clients", "requests", "req/s",
                Latencies.Summary.header(), "server CPU/request"));
        List<String> failures = new ArrayList<>();
        row(report, failures, "POST /api/v1/entries (new IP each)", clients, post, "post");
        row(report, failures, "GET /api/v1/entries/{id}", clients, getOne, "get-entry");
        row(report, failures, "GET /api/v1/entries?limit=100", clients, getList, "get-list");
        row(report, failures, "mixed: POST /api/v1/entries", clients / 2, mixed, "mixed-post");
        row(report, failures, "mixed: GET /api/v1/entries/{id}", clients - clients / 2, mixed, "mixed-get-entry");
        report.line("(server CPU/request: the server process's CPU time during the phase over all its requests)");
        report.line(String.format(Locale.ROOT, "at the POST rate above, seeding 100,000 entries through the API would take %.0f s",
                100_000 / post.result().rate("post")));
        failures.forEach(report::line);
        report.finish();
        assertThat(failures).as("requests that did not get the expected status").isEmpty();
    }

    private static ApiLoad.Kind adds(String base, int clients, String name) {
        return new ApiLoad.Kind(name, clients, 201, (client, n) -> {
            int address = ADDRESSES.incrementAndGet();
            return request(base + "/api/v1/entries").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"value\":\"2001:db8:a::" + Integer.toHexString(address >>> 16)
                            + ":" + Integer.toHexString(address & 0xffff) + "\",\"note\":\"bench\"}"))
                    .build();
        });
    }

    private static ApiLoad.Kind reads(String name, int clients, List<String> locations) {
        return new ApiLoad.Kind(name, clients, 200, (client, n) ->
                request(locations.get(ThreadLocalRandom.current().nextInt(locations.size()))).GET().build());
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + RunningServer.ADMIN_TOKEN);
    }

    /** One load phase and the server CPU it cost. */
    private record Phase(ApiLoad.Result result, long serverCpuMillis) {
        static Phase run(ServerCpu cpu, List<ApiLoad.Kind> kinds, Duration duration) throws InterruptedException {
            ApiLoad.run(kinds, WARM_UP, MAX_REQUESTS_PER_CLIENT);
            long before = cpu.millis();
            ApiLoad.Result result = ApiLoad.run(kinds, duration, MAX_REQUESTS_PER_CLIENT);
            return new Phase(result, cpu.millis() - before);
        }

        double cpuMillisPerRequest() {
            int requests = result.byKind().values().stream().mapToInt(o -> o.latencies.count() + o.failures).sum();
            return serverCpuMillis / (double) Math.max(1, requests);
        }
    }

    private static void row(Report report, List<String> failures, String label, int clients, Phase phase, String kind) {
        ApiLoad.Result result = phase.result();
        ApiLoad.Outcome outcome = result.byKind().get(kind);
        report.line(String.format(Locale.ROOT, "%-42s %7d %8d %8.1f | %s | %8.2f ms", label, clients, outcome.latencies.count(),
                result.rate(kind), outcome.latencies.summary().columns(), phase.cpuMillisPerRequest()));
        if (outcome.failures > 0) {
            failures.add(label + ": " + outcome.failures + " unexpected answers, first: " + outcome.firstFailure);
        }
    }
}
