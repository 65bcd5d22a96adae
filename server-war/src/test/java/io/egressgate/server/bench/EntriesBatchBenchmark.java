package io.egressgate.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.server.it.Api;
import io.egressgate.server.it.RunningServer;
import io.egressgate.server.it.Servers;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's target: {@code POST /api/v1/entries/batch} with 10,000 new values answered within 2 s
 * on MySQL/MariaDB. Each batch is half IPv6 hosts (an address each: the most rows a value can cost)
 * and half wildcards (names, as domains are, without the resolver's lookups that follow a domain
 * after the call and would only add noise here). Measured from the client: send to answer.
 */
class EntriesBatchBenchmark {

    /** Unique to this benchmark, so that no other test's database is touched. */
    private static final String MARIADB_DATABASE = "batch_bench_entries";
    private static final double TARGET_SECONDS = 2.0;
    private static int block;

    @Test
    void tenThousandValuesInOneCall() throws Exception {
        int values = BenchSettings.integer("bench.batch.values", 10_000);
        int repeats = BenchSettings.integer("bench.batch.repeats", 5);
        List<String> databases = BenchSettings.words("bench.batch.databases", "mariadb,h2");
        Report report = new Report("batch: POST /api/v1/entries/batch with " + values + " new values"
                + " (half IPv6 hosts, half wildcards), one call at a time");
        report.line("server: -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC; client: java.net.http; run 1 is the"
                + " first after boot; each run adds " + values + " more entries");
        List<String> problems = new ArrayList<>();
        for (String database : databases) {
            measure(database, values, repeats, report, problems);
        }
        problems.forEach(report::line);
        report.finish();
        assertThat(problems).isEmpty();
    }

    private static void measure(String database, int values, int repeats, Report report, List<String> problems)
            throws Exception {
        boolean mariadb = database.equals("mariadb");
        Path config = mariadb ? Servers.mariadbConfig(MARIADB_DATABASE) : null;
        RunningServer server = BenchServers.stoppedAtExit(new RunningServer("bench-batch-" + database, config));
        try {
            server.start();
            Api api = server.api();
            ServerCpu cpu = ServerCpu.of(server);
            List<Double> seconds = new ArrayList<>();
            for (int run = 1; run <= repeats; run++) {
                String body = batch(values);
                long cpuBefore = cpu.millis();
                long started = System.nanoTime();
                Api.Reply reply = post(api, body);
                double took = (System.nanoTime() - started) / 1e9;
                long cpuMillis = cpu.millis() - cpuBefore;
                if (reply.status() != 200 || reply.json().getInt("created") != values) {
                    problems.add("[" + database + "] run " + run + ": " + reply.status() + " "
                            + reply.body().substring(0, Math.min(300, reply.body().length())));
                    continue;
                }
                seconds.add(took);
                report.line(String.format(Locale.ROOT, "[%s] run %d: %.2f s, server CPU %.2f s, revision %d, body %.0f KiB",
                        database, run, took, cpuMillis / 1000.0, reply.json().getJsonNumber("revision").longValue(),
                        body.length() / 1024.0));
            }
            String refused = batch(values - 1).replace("],\"note\"", ",\"10.0.0.1\"],\"note\"");
            long started = System.nanoTime();
            Api.Reply reply = post(api, refused);
            report.line(String.format(Locale.ROOT, "[%s] %d values, the last refused: %d in %.2f s, nothing stored",
                    database, values, reply.status(), (System.nanoTime() - started) / 1e9));
            if (reply.status() != 400) {
                problems.add("[" + database + "] a batch with a refused value answered " + reply.status());
            }
            if (!seconds.isEmpty()) {
                List<Double> sorted = seconds.stream().sorted().toList();
                report.line(String.format(Locale.ROOT, "[%s] %d values: min %.2f s, median %.2f s, max %.2f s (target"
                        + " <= %.0f s on MySQL)", database, values, sorted.get(0), sorted.get(sorted.size() / 2),
                        sorted.get(sorted.size() - 1), TARGET_SECONDS));
                // a bound, not the target: the machine is shared, so only a tenfold miss fails the run
                if (sorted.get(sorted.size() / 2) > 10 * TARGET_SECONDS) {
                    problems.add("[" + database + "] median " + sorted.get(sorted.size() / 2) + " s is more than ten times the target");
                }
            }
        } finally {
            server.stop();
            BenchServers.removeDataDir(server);
        }
    }

    /** Slower than the tests' 30 s may be a shared machine's answer; the figure says so, a timeout would not. */
    private static Api.Reply post(Api api, String body) {
        return api.send(api.request("/api/v1/entries/batch").timeout(Duration.ofSeconds(300))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code values} values never sent before: IPv6 hosts in 2001:db8::/32 and wildcards under example.com. */
    private static String batch(int values) {
        int run = ++block;
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (int i = 0; i < values; i++) {
            array.add(i % 2 == 0 ? String.format(Locale.ROOT, "2001:db8:b%x::%x", run, i)
                    : "*.w" + i + ".run" + run + ".batch.example.com");
        }
        return Json.createObjectBuilder().add("values", array).add("note", "batch benchmark").build().toString();
    }
}
