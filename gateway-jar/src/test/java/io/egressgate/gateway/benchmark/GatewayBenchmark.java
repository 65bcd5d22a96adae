package io.egressgate.gateway.benchmark;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.Screening;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.CommandRunner;
import io.egressgate.gateway.dataplane.DataplaneOptions;
import io.egressgate.gateway.dataplane.Forwarding;
import io.egressgate.gateway.dataplane.IpsetDataplane;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.Snapshot;
import io.egressgate.gateway.sync.GatewayIdentity;
import io.egressgate.gateway.sync.SyncListener;
import io.egressgate.gateway.sync.Synchronizer;
import io.egressgate.gateway.testbed.Namespaces;
import io.egressgate.gateway.traffic.MetricsServer;
import io.egressgate.gateway.traffic.TrafficCollector;
import io.egressgate.gateway.traffic.TrafficReader;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.egressgate.gateway.testbed.Namespaces.ALLOWED;
import static io.egressgate.gateway.testbed.Namespaces.CLIENT;
import static io.egressgate.gateway.testbed.Namespaces.GATEWAY;

/**
 * Run: {@code cd /work/main && mvn -q -pl gateway-jar test-compile exec:java@bench}
 * (sizes: {@code -Dbench.sizes=1000,10000}). Needs root, ip, iptables, ipset, curl; builds the
 * egw-* namespaces of the integration tests and removes them at the end.
 *
 * <p>For each allowlist size N (N-1 generated public /32s, never contacted, plus the target
 * 203.0.113.10 last) it prints: the snapshot apply time (screening, ipset batch, rules, read-back and
 * state file, as acked), re-applying the same snapshot, a one-address delta (add and remove), the
 * new-connection rate from the client through the gateway to the target, the /metrics scrape time, and
 * memory: the heap the benchmark retains for the allowlist, and the RSS of the real gateway jar
 * ({@code -Xmx512m}, as in the systemd unit) started from a state file of N entries, after one scrape
 * (with its start-up enforcement time, JVM start included).
 */
public final class GatewayBenchmark {

    private static final int PART = 10_000;

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "1000,10000,50000,200000").split(","))
                .mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        List<String> rows = new ArrayList<>();
        String baseline;
        try (Namespaces namespaces = Namespaces.create()) {
            CommandRunner runner = CommandRunner.inNamespace(GATEWAY);
            new Forwarding(runner).ensureEnabled(DataplaneOptions.defaults().families());
            Namespaces.in(CLIENT, "sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=1024 65000");
            // forwarding without any gateway rule: the reference for the new-connection rate (run twice: the
            // first run warms up the public HTTP server's JIT, which would otherwise penalise the first N)
            connectionRate(namespaces);
            baseline = connectionRate(namespaces);
            for (int n : sizes) {
                rows.add(measure(namespaces, runner, n));
                System.out.println(header());
                rows.forEach(System.out::println);
            }
        }
        System.out.println();
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + (memTotalKb() / 1024 / 1024) + " GiB, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version"));
        System.out.println(header());
        rows.forEach(System.out::println);
        System.out.println("new connections/s through the gateway without any of its rules (reference): " + baseline);
    }

    private static String header() {
        return String.format("%8s | %12s | %10s | %10s | %10s | %13s | %10s | %10s | %8s | %14s | %11s | %12s",
                "N", "snapshot ms", "again ms", "delta+ ms", "delta- ms", "new conn/s", "scrape ms", "scrape KB",
                "heap MB", "jar scrape ms", "jar RSS MB", "jar start ms");
    }

    private static String measure(Namespaces namespaces, CommandRunner runner, int n) throws Exception {
        IpsetDataplane dataplane = new IpsetDataplane(runner, DataplaneOptions.defaults());
        dataplane.uninstall();
        Path stateDir = Files.createTempDirectory("egw-bench");
        List<String> cidrs = addresses(n);
        long heapBefore = usedHeap();
        Synchronizer synchronizer = new Synchronizer(dataplane, new StateFile(stateDir),
                new Screening(AllowlistPolicy.defaults(), true), new GatewayIdentity("bench", "bench", "bench"),
                SyncListener.NONE);
        synchronizer.enforce(AppliedAllowlist.empty());

        long snapshotMs = applySnapshot(synchronizer, cidrs, 1);
        long againMs = applySnapshot(synchronizer, cidrs, 1);
        long heapMb = (usedHeap() - heapBefore) / (1024 * 1024);
        List<Long> adds = new ArrayList<>();
        List<Long> removes = new ArrayList<>();
        long revision = 1;
        for (int i = 0; i < 5; i++) {
            String extra = "198.51.100." + (200 + i) + "/32";
            adds.add(ackMs(synchronizer.receive(new Delta("bench", revision, ++revision, List.of(extra), List.of()))));
            removes.add(ackMs(synchronizer.receive(new Delta("bench", revision, ++revision, List.of(), List.of(extra)))));
        }

        String rate = connectionRate(namespaces);

        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new TrafficCollector(new TrafficReader(dataplane::traffic, Duration.ofMillis(1)), "bench"));
        long scrapeMs;
        int scrapeKb;
        try (MetricsServer server = new MetricsServer("127.0.0.1", 0, registry)) {
            HttpClient client = HttpClient.newHttpClient();
            List<Long> times = new ArrayList<>();
            int bytes = 0;
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                bytes = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofByteArray()).body().length;
                times.add((System.nanoTime() - started) / 1_000_000);
            }
            scrapeMs = median(times);
            scrapeKb = bytes / 1024;
        }
        long[] jar = realJar(namespaces, stateDir);
        dataplane.uninstall();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return String.format("%8d | %12d | %10d | %10d | %10d | %13s | %10d | %10d | %8d | %14d | %11d | %12d",
                n, snapshotMs, againMs, median(adds), median(removes), rate, scrapeMs, scrapeKb, heapMb, jar[2], jar[0],
                jar[1]);
    }

    private static long applySnapshot(Synchronizer synchronizer, List<String> cidrs, long revision) {
        List<GatewayMessage> replies = List.of();
        long started = System.nanoTime();
        for (Snapshot part : Snapshot.split("bench", revision, cidrs, PART)) {
            replies = synchronizer.receive(part);
        }
        long wall = (System.nanoTime() - started) / 1_000_000;
        Ack ack = (Ack) replies.get(0);
        if (ack.applied() != cidrs.size()) {
            throw new IllegalStateException("applied " + ack.applied() + " of " + cidrs.size() + ": " + ack.skipped());
        }
        return wall;
    }

    private static long ackMs(List<GatewayMessage> replies) {
        return ((Ack) replies.get(0)).durationMs();
    }

    /** N-1 generated public /32s (set members only: nothing ever sends to them) and the target last. */
    public static List<String> addresses(int n) {
        List<String> cidrs = new ArrayList<>(n);
        long base = 11L << 24; // 11.0.0.0: public, and routed nowhere inside the namespaces
        for (int i = 0; i < n - 1; i++) {
            long a = base + i;
            cidrs.add((a >> 24) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255) + "/32");
        }
        cidrs.add(ALLOWED + "/32");
        return cidrs;
    }

    private static String connectionRate(Namespaces namespaces) throws Exception {
        Process client = namespaces.start(CLIENT, Namespaces.javaBinary(), "-Xmx64m", Namespaces.program("ConnectionRate.java"), ALLOWED,
                String.valueOf(Namespaces.PORT), "5", "100000", "4");
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        client.waitFor(60, TimeUnit.SECONDS);
        Matcher matcher = Pattern.compile("failed=(\\d+) .*rate=(\\d+)").matcher(out);
        if (!matcher.find()) {
            return "error";
        }
        return matcher.group(2) + (matcher.group(1).equals("0") ? "" : " (" + matcher.group(1) + " failed)");
    }

    /**
     * RSS (MB) of the real gateway jar enforcing N entries from its state file after three gzip scrapes,
     * its start-up enforcement time (JVM start included), and its median scrape time.
     */
    private static long[] realJar(Namespaces namespaces, Path stateDir) throws Exception {
        String jar = Path.of(System.getProperty("gateway.jar", "target/egress-gate-gateway.jar")).toAbsolutePath().toString();
        if (!Files.exists(Path.of(jar))) {
            return new long[]{-1, -1, -1};
        }
        long started = System.nanoTime();
        Process gateway = namespaces.start(GATEWAY, Namespaces.javaBinary(), "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar,
                "-iptables-wss-server", "ws://127.0.0.1:9/ws/gateway", "-state-dir", stateDir.toString(),
                "-metrics-port", "0", "-metrics-address", "127.0.0.1", "-backoff-max", "30s");
        BufferedReader log = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
        String line;
        long startMs = -1;
        String port = null;
        while ((line = log.readLine()) != null) {
            if (line.contains("enforcing ") && startMs < 0) {
                startMs = (System.nanoTime() - started) / 1_000_000;
            }
            Matcher matcher = Pattern.compile("metrics on http://127.0.0.1:(\\d+)/").matcher(line);
            if (matcher.find()) {
                port = matcher.group(1);
                break;
            }
        }
        List<Long> scrapes = new ArrayList<>();
        for (int i = 0; port != null && i < 3; i++) { // steady state: old and new scrape data meet from the second on
            String seconds = Namespaces.in(GATEWAY, "curl", "-s", "-o", "/dev/null", "-H", "Accept-Encoding: gzip",
                    "-w", "%{time_total}", "-m", "60", "http://127.0.0.1:" + port + "/metrics");
            scrapes.add((long) (Double.parseDouble(seconds.strip()) * 1000));
        }
        long rssKb = Files.readAllLines(Path.of("/proc/" + gateway.pid() + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                .findFirst().orElse(-1);
        gateway.destroy();
        gateway.waitFor(30, TimeUnit.SECONDS);
        return new long[]{rssKb / 1024, startMs, scrapes.isEmpty() ? -1 : median(scrapes)};
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long memTotalKb() throws Exception {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong).findFirst().orElse(0);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private GatewayBenchmark() {
    }
}
