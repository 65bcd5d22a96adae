package io.egressgate.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.protocol.Delta;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Snapshot;
import io.egressgate.server.it.RunningServer;
import io.egressgate.server.it.Servers;
import io.egressgate.server.it.TestGateway;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One gateway's full snapshot of a large allowlist (100,000 addresses by default): from sending
 * hello to the last part received and decoded. The database is seeded directly (see {@link Seeder})
 * before the server starts, on H2 and on MariaDB.
 */
class SnapshotBenchmark {

    private static final String MARIADB_DATABASE = "egressgate_bench";
    private static final double TARGET_SECONDS = 2.0;

    @Test
    void largeSnapshotToOneGateway() throws Exception {
        int size = BenchSettings.integer("bench.snapshot.entries", 100_000);
        int repeats = BenchSettings.integer("bench.snapshot.repeats", 5);
        List<String> databases = BenchSettings.words("bench.snapshot.databases", "h2,mariadb");
        Report report = new Report("snapshot: hello -> last part of a " + size + "-address snapshot received and decoded, one gateway");
        report.line("server: -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC, default part size (20,000 cidrs); "
                + "client: TestGateway (Tyrus, JSON-P decode on arrival); run 1 is the first after boot");
        List<String> problems = new ArrayList<>();
        for (String database : databases) {
            measure(database, size, repeats, report, problems);
        }
        problems.forEach(report::line);
        report.finish();
        assertThat(problems).isEmpty();
    }

    private void measure(String database, int size, int repeats, Report report, List<String> problems) throws Exception {
        boolean mariadb = database.equals("mariadb");
        Path config = mariadb ? Servers.mariadbConfig(MARIADB_DATABASE) : null;
        RunningServer server = BenchServers.stoppedAtExit(new RunningServer("bench-snapshot-" + database, config));
        String url = mariadb ? "jdbc:mysql://" + Servers.MARIADB_HOST + ":3306/" + MARIADB_DATABASE + "?rewriteBatchedStatements=true"
                : "jdbc:h2:file:" + server.dataDir().resolve("egressgate").toAbsolutePath() + ";WRITE_DELAY=0";
        String user = mariadb ? "root" : "egressgate";
        String password = mariadb ? "" : "egressgate";
        Seeder.Seeded seeded = Seeder.seed(url, user, password, size);
        report.line("");
        report.line(String.format(Locale.ROOT, "[%s] seeded %d entries directly in %.1f s (Flyway schema, one transaction); "
                + "same query as the server, from this JVM: %s", database, seeded.entries(), seeded.seconds(),
                queryTimes(url, user, password, mariadb)));
        try {
            long booting = System.nanoTime();
            server.start();
            report.line(String.format(Locale.ROOT, "[%s] server ready in %.1f s", database, (System.nanoTime() - booting) / 1e9));
            String token = server.api().createToken("bench snapshot", "gateway");
            try (TestGateway gateway = TestGateway.connect(server.gatewayUri(), token)) {
                for (int run = 1; run <= repeats; run++) {
                    long hello = System.nanoTime();
                    gateway.send(new Hello("bench-snapshot", "bench-host", "bench", null, null));
                    Snapshot first = gateway.next(Snapshot.class, 60);
                    long firstAt = System.nanoTime();
                    Set<String> cidrs = new HashSet<>(first.cidrs());
                    for (int part = 2; part <= first.parts(); part++) {
                        cidrs.addAll(gateway.next(Snapshot.class, 60).cidrs());
                    }
                    double seconds = (System.nanoTime() - hello) / 1e9;
                    report.line(String.format(Locale.ROOT, "[%s] run %d: %d cidrs in %d parts: first part after %.3f s, "
                                    + "last after %.3f s (target <= %.1f s: %s)", database, run, cidrs.size(), first.parts(),
                            (firstAt - hello) / 1e9, seconds, TARGET_SECONDS, seconds <= TARGET_SECONDS ? "met" : "MISSED"));
                    if (cidrs.size() != size || first.revision() != seeded.revision() || !first.epoch().equals(seeded.epoch())) {
                        problems.add(database + ": snapshot had " + cidrs.size() + " cidrs at " + first.epoch() + "/"
                                + first.revision() + ", seeded " + size + " at " + seeded.epoch() + "/" + seeded.revision());
                    }
                }
                checkTheServerCarriesOn(server, gateway, seeded, database, problems);
            }
            fleetReconnect(server, token, database, report);
            long fetching = System.nanoTime();
            int listed = server.api().get("/api/v1/allowlist").json().getJsonArray("cidrs").size();
            report.line(String.format(Locale.ROOT, "[%s] for comparison, GET /api/v1/allowlist (%d cidrs, JSON parsed): %.3f s",
                    database, listed, (System.nanoTime() - fetching) / 1e9));
        } finally {
            server.stop();
            BenchServers.removeDataDir(server);
            if (mariadb) {
                try (Connection connection = DriverManager.getConnection(url, user, password);
                     Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE " + MARIADB_DATABASE);
                }
            }
        }
    }

    /**
     * Many gateways asking for the snapshot at once, as after a server restart: each hello is
     * answered on the hub's one sync thread, so this shows what one snapshot costs the server.
     */
    private static void fleetReconnect(RunningServer server, String token, String database, Report report) throws Exception {
        int size = BenchSettings.integer("bench.snapshot.fleet", 20);
        if (size < 1) {
            return;
        }
        ServerCpu cpu = ServerCpu.of(server);
        long cpuBefore = cpu.millis();
        long started = System.nanoTime();
        try (Fleet fleet = new Fleet(Fleet.Acks.NONE)) {
            fleet.connect(server.gatewayUri(), token, size, "bench-snapshot-fleet", Duration.ofMinutes(10));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        report.line(String.format(Locale.ROOT, "[%s] %d gateways saying hello at once: all hold the snapshot after %.1f s "
                        + "(%.2f s per gateway; server CPU %.2f s per snapshot)", database, size, seconds, seconds / size,
                (cpu.millis() - cpuBefore) / 1000.0 / size));
    }

    /** A seed that ignored the id counter or the state row would break the first real add. */
    private static void checkTheServerCarriesOn(RunningServer server, TestGateway gateway, Seeder.Seeded seeded,
                                                String database, List<String> problems) throws Exception {
        var reply = server.api().post("/api/v1/entries", "{\"value\":\"2001:db8:ffff::1\"}");
        if (reply.status() != 201 || reply.json().getJsonNumber("id").longValue() <= seeded.entries()) {
            problems.add(database + ": adding after the seed answered " + reply);
            return;
        }
        Delta delta = gateway.next(Delta.class, 30);
        if (delta.fromRevision() != seeded.revision() || !delta.add().contains("2001:db8:ffff::1/128")) {
            problems.add(database + ": the first delta after the seed was " + delta);
        }
    }

    /** How long the snapshot's SELECT takes on its own (H2: in this JVM, before the server opens the file). */
    private static String queryTimes(String url, String user, String password, boolean mariadb) throws Exception {
        List<String> times = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                int rows = 0;
                try (ResultSet result = statement.executeQuery("SELECT DISTINCT cidr FROM eg_address ORDER BY cidr")) {
                    while (result.next()) {
                        result.getString(1);
                        rows++;
                    }
                }
                times.add(String.format(Locale.ROOT, "%.3f s", (System.nanoTime() - started) / 1e9));
                if (rows == 0) {
                    throw new IllegalStateException("seeded table is empty");
                }
            }
        }
        return String.join(", ", times) + (mariadb ? "" : " (embedded in this JVM)");
    }
}
