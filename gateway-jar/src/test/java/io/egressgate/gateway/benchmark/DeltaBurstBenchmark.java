package io.egressgate.gateway.benchmark;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.Screening;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.CommandRunner;
import io.egressgate.gateway.dataplane.DataplaneOptions;
import io.egressgate.gateway.dataplane.Family;
import io.egressgate.gateway.dataplane.IpsetDataplane;
import io.egressgate.gateway.sync.Backoff;
import io.egressgate.gateway.sync.GatewayIdentity;
import io.egressgate.gateway.sync.LinkSettings;
import io.egressgate.gateway.sync.ServerLink;
import io.egressgate.gateway.sync.SyncListener;
import io.egressgate.gateway.sync.Synchronizer;
import io.egressgate.gateway.testbed.FakeServer;
import io.egressgate.gateway.testbed.Namespaces;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Delta;
import io.egressgate.protocol.GatewayMessage;
import io.egressgate.protocol.Hello;
import io.egressgate.protocol.Snapshot;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.egressgate.gateway.testbed.Namespaces.GATEWAY;

/**
 * A burst of single-address deltas (5,000 by default, as 5,000 {@code POST}s one after another make
 * them) on top of an allowlist of 10,000: how long after the last delta left the server all of them
 * are in the kernel. Once through the gateway's own link (real Tyrus client, {@link ServerLink},
 * {@link Synchronizer}, {@link IpsetDataplane} writing a real ipset in a network namespace, a fake
 * server on loopback sending the deltas back to back), and once applied one by one with a batch and
 * a read-back each (what the gateway did before it folded queued deltas).
 *
 * <p>Run as root, from the repository: {@code mvn -q -o -pl gateway-jar -am test-compile && java -cp
 * "gateway-jar/target/test-classes:gateway-jar/target/classes:$(cat gateway-jar/target/bench.classpath)"
 * io.egressgate.gateway.benchmark.DeltaBurstBenchmark} ({@code -Dbench.burst.adds=5000 -Dbench.burst.base=10000
 * -Dbench.burst.oneByOne=1000}).
 */
public final class DeltaBurstBenchmark {

    private static final Duration WAIT = Duration.ofSeconds(300);
    private static final Pattern ENTRIES = Pattern.compile("Number of entries: (\\d+)");

    public static void main(String[] args) throws Exception {
        int adds = Integer.getInteger("bench.burst.adds", 5000);
        int base = Integer.getInteger("bench.burst.base", 10_000);
        try (Namespaces namespaces = Namespaces.create()) {
            CommandRunner runner = CommandRunner.inNamespace(GATEWAY);
            System.out.println(throughTheLink(runner, base, adds));
            int oneByOne = Math.min(adds, Integer.getInteger("bench.burst.oneByOne", 1000));
            if (oneByOne > 0) {
                System.out.println(oneByOne(runner, base, oneByOne));
            }
        }
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", load average " + Files.readString(Path.of("/proc/loadavg")).strip());
    }

    private static String throughTheLink(CommandRunner runner, int base, int adds) throws Exception {
        IpsetDataplane dataplane = new IpsetDataplane(runner, DataplaneOptions.defaults());
        dataplane.uninstall();
        Path dir = Files.createTempDirectory("egw-burst");
        Path token = dir.resolve("token");
        Files.writeString(token, "bench-token\n");
        Synchronizer synchronizer = synchronizer(dataplane, dir);
        try (FakeServer server = new FakeServer("bench-token", FakeServer.freePort()).start();
             ServerLink link = new ServerLink(new LinkSettings(List.of(URI.create(server.url())), token, null,
                     Duration.ofSeconds(10), Duration.ofSeconds(60), Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(1)),
                     Duration.ofSeconds(5)), synchronizer, Map::of, SyncListener.NONE)) {
            link.start();
            server.next(Hello.class, WAIT);
            Snapshot.split("bench", 1, GatewayBenchmark.addresses(base), 20_000).forEach(server::send);
            server.next(Ack.class, WAIT);
            List<Delta> burst = burst(1, adds);
            long started = System.nanoTime();
            burst.forEach(server::send);
            long lastSent = System.nanoTime();
            long inKernel = waitForEntries(runner, base + adds);
            int acks = 0;
            long revision = 0;
            long applyMillis = 0;
            while (revision < 1 + adds) {
                Ack ack = server.next(Ack.class, WAIT);
                revision = ack.revision();
                applyMillis += ack.durationMs();
                acks++;
            }
            long acked = System.nanoTime();
            return String.format("through the link: %d deltas of one address sent in %d ms; all in the kernel %d ms after "
                            + "the last was sent (target <= 2,000 ms: %s); last ack after %d ms; %d acks, applying took %d ms in all",
                    adds, (lastSent - started) / 1_000_000, (inKernel - lastSent) / 1_000_000,
                    inKernel - lastSent <= 2_000_000_000L ? "met" : "MISSED", (acked - lastSent) / 1_000_000, acks, applyMillis);
        } finally {
            dataplane.uninstall();
            delete(dir);
        }
    }

    private static String oneByOne(CommandRunner runner, int base, int adds) throws Exception {
        IpsetDataplane dataplane = new IpsetDataplane(runner, DataplaneOptions.defaults());
        dataplane.uninstall();
        Path dir = Files.createTempDirectory("egw-burst");
        try {
            Synchronizer synchronizer = synchronizer(dataplane, dir);
            Snapshot.split("bench", 1, GatewayBenchmark.addresses(base), 20_000).forEach(synchronizer::receive);
            long started = System.nanoTime();
            for (Delta delta : burst(1, adds)) {
                List<GatewayMessage> replies = synchronizer.receive(delta);
                if (!(replies.get(0) instanceof Ack)) {
                    throw new IllegalStateException("delta refused: " + replies);
                }
            }
            long took = System.nanoTime() - started;
            return String.format("one by one (a batch and read-back each, as before): %d deltas in %d ms, %.1f ms each"
                    + " (5,000 would take %.0f s)", adds, took / 1_000_000, took / 1e6 / adds, took / 1e9 / adds * 5000);
        } finally {
            dataplane.uninstall();
            delete(dir);
        }
    }

    private static Synchronizer synchronizer(IpsetDataplane dataplane, Path dir) {
        Synchronizer synchronizer = new Synchronizer(dataplane, new StateFile(dir.resolve("state")),
                new Screening(AllowlistPolicy.defaults(), true), new GatewayIdentity("bench", "bench", "bench"),
                SyncListener.NONE);
        synchronizer.enforce(AppliedAllowlist.empty());
        return synchronizer;
    }

    /** Deltas from {@code revision} on, each adding one IPv6 address the base never holds. */
    private static List<Delta> burst(long revision, int adds) {
        List<Delta> deltas = new ArrayList<>(adds);
        for (int i = 0; i < adds; i++) {
            deltas.add(new Delta("bench", revision + i, revision + i + 1,
                    List.of("2001:db8:b0::" + Integer.toHexString(i + 1) + "/128"), List.of(), null, List.of(), List.of(),
                    List.of()));
        }
        return deltas;
    }

    /** Polls the kernel's set headers until both families' outbound sets hold {@code total}; returns when. */
    private static long waitForEntries(CommandRunner runner, int total) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            int entries = 0;
            for (Family family : DataplaneOptions.defaults().families()) {
                CommandRunner.Result list = runner.run(List.of("ipset", "list", "-t", family.outboundSet()));
                Matcher matcher = ENTRIES.matcher(list.stdout());
                entries += matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
            }
            if (entries >= total) {
                return System.nanoTime();
            }
        }
        throw new IllegalStateException("the kernel did not hold " + total + " entries within " + WAIT);
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
