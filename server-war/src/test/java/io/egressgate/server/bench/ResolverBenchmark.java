package io.egressgate.server.bench;

import io.egressgate.server.it.Api;
import io.egressgate.server.it.RunningServer;
import io.egressgate.server.it.Servers;
import io.egressgate.server.it.TestDnsServer;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The benchmark: 10,000 domains with 1-8 addresses each, resolved by the real server
 * against the loopback test DNS server. Prints, per full cycle, its time (lookups and the database
 * recording), the revisions it wrote and what changed; a cycle without DNS changes must write no
 * revision. The entries are written straight into the stopped server's database (adding 10,000
 * through the API would take minutes, and is not what is measured; adding one is, at the end).
 * Run from server-war (about 3 minutes on 2 cores):
 *
 * <pre>
 * mvn -o -q package -DskipTests exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.egressgate.server.bench.ResolverBenchmark [-Dbench.names=10000] [-Dbench.db=mariadb]
 * </pre>
 *
 * A addresses come from the 768 documentation IPv4 addresses, so domains share them as CDN names
 * do; AAAA addresses are unique in 2001:db8::/32.
 */
public final class ResolverBenchmark {

    private static final int NAMES = Integer.getInteger("bench.names", 10_000);
    private static final String DB = System.getProperty("bench.db", "h2");
    private static final long FIRST_ID = 1_000_000;
    private static final String MARIADB_DATABASE = "egressgate_bench";

    private final TestDnsServer dns;
    private final Random random = new Random(42);
    private final List<String> names = new ArrayList<>();
    private int generation;

    private ResolverBenchmark(TestDnsServer dns) {
        this.dns = dns;
    }

    public static void main(String[] args) throws Exception {
        try (TestDnsServer dns = new TestDnsServer()) {
            new ResolverBenchmark(dns).run();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        for (int i = 0; i < NAMES; i++) {
            names.add("n" + i + ".bench.example");
        }
        dns.negativeTtl(3600); // names without AAAA are asked again after an hour too, not every 30 s
        publishAll();
        boolean mariadb = "mariadb".equals(DB);
        Path config = mariadb ? Servers.mariadbConfig(MARIADB_DATABASE) : Files.createTempFile("egress-gate-bench", ".yaml");
        Files.writeString(config, Files.readString(config) + String.join("\n",
                "dns_servers: [\"" + dns.address() + "\"]",
                "resolve_interval: 3600", // only the benchmark's cycles run, no scheduled ones in between
                "max_addresses_per_domain: 1000", ""));
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
        String extra = System.getProperty("bench.jvm", "");
        if (!extra.isBlank()) {
            jvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        RunningServer server = new RunningServer("resolver-bench-" + DB, config).jvmOptions(jvm.toArray(String[]::new));
        try {
            System.out.printf("egress-gate resolver benchmark: %,d names with 1-8 addresses, database %s, %d cores,"
                            + " Java %s, load average %s%n", NAMES, DB, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), loadAverage());
            long boot = System.nanoTime();
            server.start();
            System.out.printf("server ready in %.1f s (empty database)%n", (System.nanoTime() - boot) / 1e9);
            server.stop();
            long seeding = System.nanoTime();
            try (Connection db = mariadb ? DriverManager.getConnection("jdbc:mysql://" + Servers.MARIADB_HOST + ":3306/"
                    + MARIADB_DATABASE + "?user=root&rewriteBatchedStatements=true")
                    : DriverManager.getConnection("jdbc:h2:file:" + server.dataDir().resolve("egressgate"),
                    "egressgate", "egressgate")) {
                insertEntries(db);
            }
            System.out.printf("wrote %,d domain entries into the stopped server's database in %.1f s%n", NAMES,
                    (System.nanoTime() - seeding) / 1e9);
            server.start();
            scheduledCycle(server.api(), "first scheduled cycle after start: every name new (all addresses inserted)");
            cycle(server.api(), "full cycle, no DNS change");
            cycle(server.api(), "full cycle, no DNS change (again)");
            changeSome(NAMES / 10);
            cycle(server.api(), "full cycle, 10% of names changed one address");
            cycle(server.api(), "full cycle, no DNS change");
            changeSome(NAMES);
            cycle(server.api(), "full cycle, every name changed one address");
            cycle(server.api(), "full cycle, no DNS change");
            addThroughTheApi(server.api(), 100);
            server.stop();
            server.start();
            scheduledCycle(server.api(), "first scheduled cycle after a restart: nothing changed");
        } finally {
            server.stop();
        }
    }

    private void insertEntries(Connection db) throws Exception {
        db.setAutoCommit(false);
        try (PreparedStatement entry = db.prepareStatement("INSERT INTO eg_entry (id, entry_value, kind, locked, note,"
                + " created_at, created_by) VALUES (?, ?, 'DOMAIN', FALSE, 'benchmark', ?, 'benchmark')")) {
            for (int i = 0; i < names.size(); i++) {
                entry.setLong(1, FIRST_ID + i);
                entry.setString(2, names.get(i));
                entry.setLong(3, System.currentTimeMillis());
                entry.addBatch();
            }
            entry.executeBatch();
        }
        try (PreparedStatement ids = db.prepareStatement("UPDATE eg_id SET next_value = ? WHERE name = 'entry' AND next_value < ?")) {
            ids.setLong(1, FIRST_ID + names.size());
            ids.setLong(2, FIRST_ID + names.size());
            ids.executeUpdate();
        }
        db.commit();
    }

    /** Waits for the scheduled cycle that resolves every name after a start, and prints it. */
    private void scheduledCycle(Api api, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (var value : api.get("/api/v1/resolver").json().getJsonArray("recentCycles")) {
                JsonObject report = value.asJsonObject();
                if (report.getInt("names") >= NAMES && report.getString("trigger").equals("schedule")) {
                    print(what, report, Double.NaN, report.getJsonArray("revisions").size(), allowlistSize(api));
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no scheduled cycle of all names; resolver status: " + api.get("/api/v1/resolver").body());
    }

    /** What an operator sees: adding one domain, resolved at once, answered with its addresses. */
    private void addThroughTheApi(Api api, int count) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "added" + i + ".bench.example";
            dns.a(name, 3600, documentationV4(i % 768)).aaaa(name, 3600, String.format("2001:db8:ad::%x", i + 1));
            long started = System.nanoTime();
            api.add(name, false);
            millis.add((System.nanoTime() - started) / 1_000_000);
        }
        millis.sort(Long::compare);
        System.out.printf("%nadding a domain through POST /api/v1/entries (resolved before the answer), %d in a row:"
                + " median %d ms, 95th percentile %d ms%n", count, millis.get(count / 2), millis.get(count * 95 / 100));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Every name's records, from its generation: a changed name swaps one address for a new one. */
    private void publishAll() {
        for (int i = 0; i < names.size(); i++) {
            publish(i, 0);
        }
    }

    /** Name {@code index} at {@code generation}: each new generation swaps the name's last address for a new one. */
    private void publish(int index, int generation) {
        Random perName = new Random(index * 7919L);
        int count = 1 + perName.nextInt(8);
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            boolean swapped = generation > 0 && k == count - 1;
            if (k % 2 == 0) {
                int pick = perName.nextInt(768);
                v4.add(documentationV4(swapped ? (pick + 131 * generation) % 768 : pick));
            } else {
                v6.add(String.format("2001:db8:%x:%x::%x", 0x100 + index / 65536, index % 65536,
                        swapped ? k + 0x100 * generation : k));
            }
        }
        String name = names.get(index);
        dns.a(name, 3600, v4.toArray(String[]::new));
        dns.aaaa(name, 3600, v6.toArray(String[]::new));
    }

    private static String documentationV4(int n) {
        String[] prefixes = {"192.0.2.", "198.51.100.", "203.0.113."};
        return prefixes[n / 256] + (n % 256);
    }

    private void changeSome(int count) {
        generation++;
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            indexes.add(i);
        }
        java.util.Collections.shuffle(indexes, random);
        indexes.subList(0, Math.min(count, indexes.size())).forEach(i -> publish(i, generation));
        System.out.printf("%n(changed the records of %,d names)%n", Math.min(count, indexes.size()));
    }

    private void cycle(Api api, String what) {
        long before = revision(api);
        long started = System.nanoTime();
        Api.Reply reply = api.send(api.request("/api/v1/resolver/cycles").timeout(Duration.ofMinutes(3))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        double wall = (System.nanoTime() - started) / 1e9;
        if (reply.status() != 200) {
            throw new IllegalStateException("cycle answered " + reply);
        }
        print(what, reply.json(), wall, revision(api) - before, allowlistSize(api));
    }

    private static void print(String what, JsonObject r, double wall, long revisions, long allowlist) {
        System.out.printf("%n%s%n", what);
        System.out.printf("  cycle %,d ms (lookups %,d ms, slowest name %,d ms; recording %,d ms in %d batch(es))%s%n",
                r.getJsonNumber("durationMs").longValue(), r.getJsonNumber("lookupMs").longValue(),
                r.getJsonNumber("slowestLookupMs").longValue(), r.getJsonNumber("recordMs").longValue(),
                r.getInt("recordings"), Double.isNaN(wall) ? "" : String.format(", API call %.2f s", wall));
        System.out.printf("  names %,d: answered %,d, failed %,d, changed %,d; address rows added %,d, retired %,d%n",
                r.getInt("names"), r.getInt("answered"), r.getInt("failed"), r.getInt("changedNames"),
                r.getInt("addressesAdded"), r.getInt("addressesRetired"));
        System.out.printf("  revisions written: %d %s; allowlist %,d addresses%n", revisions,
                r.getJsonArray("revisions"), allowlist);
    }

    private static long revision(Api api) {
        return api.get("/api/v1/allowlist").json().getJsonNumber("revision").longValue();
    }

    private static long allowlistSize(Api api) {
        return api.get("/api/v1/allowlist").json().getJsonArray("cidrs").size();
    }
}
