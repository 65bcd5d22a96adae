package io.egressgate.gateway;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.Screening;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.CommandRunner;
import io.egressgate.gateway.dataplane.DataplaneOptions;
import io.egressgate.gateway.dataplane.DenialLog;
import io.egressgate.gateway.dataplane.EnforcementMode;
import io.egressgate.gateway.dataplane.Forwarding;
import io.egressgate.gateway.dataplane.IpsetDataplane;
import io.egressgate.gateway.denials.DenialMetrics;
import io.egressgate.gateway.denials.DeniedConnections;
import io.egressgate.gateway.denials.NameLookup;
import io.egressgate.gateway.denials.UlogdReader;
import io.egressgate.gateway.sync.Backoff;
import io.egressgate.gateway.sync.GatewayIdentity;
import io.egressgate.gateway.sync.LearnedReports;
import io.egressgate.gateway.sync.LinkSettings;
import io.egressgate.gateway.sync.ServerLink;
import io.egressgate.gateway.sync.SyncListener;
import io.egressgate.gateway.sync.Synchronizer;
import io.egressgate.gateway.testbed.FakeServer;
import io.egressgate.gateway.testbed.Namespaces;
import io.egressgate.protocol.Ack;
import io.egressgate.protocol.Denied;
import io.egressgate.protocol.DeniedRecord;
import io.egressgate.protocol.Hello;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.egressgate.gateway.testbed.Namespaces.ALLOWED;
import static io.egressgate.gateway.testbed.Namespaces.ALLOWED6;
import static io.egressgate.gateway.testbed.Namespaces.CLIENT;
import static io.egressgate.gateway.testbed.Namespaces.CLIENT_ADDRESS;
import static io.egressgate.gateway.testbed.Namespaces.GATEWAY;
import static io.egressgate.gateway.testbed.Namespaces.GATEWAY_OUTSIDE;
import static io.egressgate.gateway.testbed.Namespaces.INTERNAL;
import static io.egressgate.gateway.testbed.Namespaces.OTHER;
import static io.egressgate.gateway.testbed.Namespaces.OTHER6;
import static io.egressgate.gateway.testbed.Namespaces.fetch;
import static io.egressgate.gateway.testbed.Namespaces.tryIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Denied connections from the kernel to the server, all real: iptables NFLOG rules in the gateway's
 * namespace, ulogd2 reading the group, the per-minute table (a 2-second window here, so that a test
 * does not wait minutes), the spool in the state directory and the WebSocket link to a test server
 * that says it takes {@code denied}; and what happens when ulogd dies.
 */
class DeniedConnectionsIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final int GROUP = 23;
    private static final String CLIENT6 = "fd61:1::2";
    private static Namespaces namespaces;

    @TempDir
    Path stateDir;

    private final CommandRunner runner = CommandRunner.inNamespace(GATEWAY);
    private final AtomicReference<IpsetDataplane> dataplane = new AtomicReference<>();
    private final List<Denied> frames = new ArrayList<>();
    private final java.util.concurrent.BlockingQueue<Boolean> readerStates = new java.util.concurrent.LinkedBlockingQueue<>();
    private DataplaneOptions options;
    private FakeServer server;
    private ServerLink link;
    private DeniedConnections denied;
    private UlogdReader reader;
    private int port;

    @BeforeAll
    static void createNamespaces() {
        assertThat(UlogdReader.pluginDirectory()).as("ulogd2 and ulogd2-json are installed (./dev test installs them)")
                .isPresent();
        namespaces = Namespaces.create();
    }

    @AfterAll
    static void removeNamespaces() {
        if (namespaces != null) {
            namespaces.close();
        }
    }

    @AfterEach
    void stopGateway() {
        for (AutoCloseable part : new AutoCloseable[] {reader, link, denied, server}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                // stopping what is left
            }
        }
        tryIn(GATEWAY, "iptables", "-P", "FORWARD", "ACCEPT");
        tryIn(GATEWAY, "ip6tables", "-P", "FORWARD", "ACCEPT");
    }

    /** A gateway in {@code mode} with the given table bound, connected, its allowlist {@link #ALLOWED} only. */
    private Hello startGateway(EnforcementMode mode, int maxOpenRecords) throws Exception {
        options = DataplaneOptions.defaults().withMode(mode).withDenialLog(new DenialLog(GROUP, DenialLog.MAX_PER_SECOND));
        IpsetDataplane kernel = new IpsetDataplane(runner, options);
        kernel.uninstall();
        tryIn(GATEWAY, "conntrack", "-F");
        assertThat(new Forwarding(runner).ensureEnabled(options.families())).isEmpty();
        dataplane.set(kernel);
        Synchronizer synchronizer = new Synchronizer(kernel, new StateFile(stateDir),
                new Screening(AllowlistPolicy.defaults(), true), new GatewayIdentity("gw-it", "gate-it", "it", mode.word()),
                SyncListener.NONE);
        synchronizer.enforce(AppliedAllowlist.empty());

        denied = new DeniedConnections(new DeniedConnections.Settings(stateDir.resolve("denied"), maxOpenRecords, 100_000,
                Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(3)), NameLookup.NONE,
                () -> dataplane.get().deniedAttempts(), new DenialMetrics(new PrometheusRegistry())).start();
        reader = new UlogdReader(runner, "ulogd", stateDir.resolve("ulogd.conf"), denied::line, up -> {
            readerStates.add(up);
            denied.readerUp(up);
        })
                .start(UlogdReader.pluginDirectory().orElseThrow(), options.denialLog());
        awaitNflogGroupBound();

        port = FakeServer.freePort();
        server = new FakeServer("t0ken", port).start();
        Path token = Files.writeString(stateDir.resolve("token"), "t0ken");
        link = new ServerLink(new LinkSettings(List.of(URI.create(server.url())), token, null, Duration.ofSeconds(5),
                Duration.ofSeconds(60), Backoff.of(Duration.ofMillis(100), Duration.ofMillis(500)), Duration.ofSeconds(5)),
                synchronizer, kernel::traffic, SyncListener.NONE, LearnedReports.NONE, denied);
        link.start();
        Hello hello = server.next(Hello.class, WAIT);
        publish(server);
        return hello;
    }

    private static void publish(FakeServer to) throws InterruptedException {
        to.publish("e1", 1, List.of(ALLOWED + "/32", ALLOWED6 + "/128"), List.of(Denied.TYPE));
        to.next(Ack.class, WAIT);
    }

    /** ulogd has bound the group once the namespace's nfnetlink_log lists it; what comes before is lost. */
    private static void awaitNflogGroupBound() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String bound = tryIn(GATEWAY, "cat", "/proc/net/netfilter/nfnetlink_log").out();
            if (bound.lines().anyMatch(line -> line.strip().startsWith(GROUP + " "))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("ulogd never bound NFLOG group " + GROUP);
    }

    /** The first record the server received that matches, waiting for further frames until it comes. */
    private DeniedRecord awaitRecord(Predicate<DeniedRecord> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            frames.addAll(server.take(Denied.class));
            for (Denied frame : frames) {
                for (DeniedRecord record : frame.records()) {
                    if (wanted.test(record)) {
                        return record;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no record of " + what + " within " + WAIT + "; frames: " + frames);
    }

    private List<DeniedRecord> records() {
        frames.addAll(server.take(Denied.class));
        return frames.stream().flatMap(frame -> frame.records().stream()).toList();
    }

    private static Predicate<DeniedRecord> to(String source, String destination, boolean wouldDeny) {
        return r -> r.source().equals(source) && r.destination().equals(destination) && r.wouldDeny() == wouldDeny;
    }

    @Test
    void aDeniedConnectionIsReportedWithTheClientsAddressAndPortOverIpv4AndIpv6() throws Exception {
        assertThat(startGateway(EnforcementMode.ENFORCE, 10_000).mode()).isEqualTo("enforce");

        assertThat(fetch(ALLOWED)).isEqualTo("hello " + GATEWAY_OUTSIDE);
        assertThat(fetch(OTHER)).isNull();
        assertThat(fetch(OTHER6)).isNull();

        DeniedRecord v4 = awaitRecord(to(CLIENT_ADDRESS, OTHER, false), "10.61.1.2 -> " + OTHER);
        assertThat(v4).extracting(DeniedRecord::protocol, DeniedRecord::port).containsExactly("tcp", Namespaces.PORT);
        assertThat(v4.count()).as("curl's SYN, perhaps retransmitted once").isBetween(1L, 3L);
        assertThat(v4.lastSeen() - v4.firstSeen()).isBetween(0L, 2L);
        assertThat(Math.abs(v4.firstSeen() - System.currentTimeMillis() / 1000)).isLessThan(60);
        DeniedRecord v6 = awaitRecord(to(CLIENT6, "2001:db8:61::11", false), "fd61:1::2 -> " + OTHER6);
        assertThat(v6).extracting(DeniedRecord::protocol, DeniedRecord::port).containsExactly("tcp", Namespaces.PORT);
        assertThat(records()).as("allowed traffic is never recorded")
                .noneMatch(r -> r.destination().equals(ALLOWED) || r.destination().equals("2001:db8:61::10"));
    }

    @Test
    void reportModeLetsTheAttemptThroughAndRecordsItAndEnforceBlocksItAgain() throws Exception {
        assertThat(startGateway(EnforcementMode.REPORT, 10_000).mode()).isEqualTo("report");

        assertThat(fetch(OTHER)).as("passes, masqueraded like allowed traffic").isEqualTo("hello " + GATEWAY_OUTSIDE);
        assertThat(fetch(OTHER6)).isEqualTo("hello fd61:2:0:0:0:0:0:1");
        assertThat(fetch(INTERNAL)).as("internal: untouched, not masqueraded").isEqualTo("hello " + CLIENT_ADDRESS);
        DeniedRecord wouldDeny = awaitRecord(to(CLIENT_ADDRESS, OTHER, true), "would-deny " + OTHER);
        assertThat(wouldDeny.port()).isEqualTo(Namespaces.PORT);
        awaitRecord(to(CLIENT6, "2001:db8:61::11", true), "would-deny " + OTHER6);
        assertThat(records()).as("internal destinations are never recorded").noneMatch(r -> r.destination().equals(INTERNAL));

        IpsetDataplane enforcing = new IpsetDataplane(runner, options.withMode(EnforcementMode.ENFORCE));
        enforcing.replaceAll(new java.util.TreeSet<>(List.of(io.egressgate.addresses.Cidr.parse(ALLOWED),
                io.egressgate.addresses.Cidr.parse(ALLOWED6))));
        dataplane.set(enforcing);

        assertThat(fetch(OTHER)).as("back in enforce: blocked").isNull();
        assertThat(fetch(ALLOWED)).isEqualTo("hello " + GATEWAY_OUTSIDE);
        assertThat(awaitRecord(to(CLIENT_ADDRESS, OTHER, false), "deny " + OTHER).port()).isEqualTo(Namespaces.PORT);
    }

    @Test
    void recordsKeptInTheStateDirectoryWhileTheServerIsDownArriveWhenItReturns() throws Exception {
        startGateway(EnforcementMode.ENFORCE, 10_000);
        server.close();

        assertThat(fetch(OTHER)).as("enforcing without a server").isNull();
        Path spool = stateDir.resolve("denied");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (spooled(spool).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(spooled(spool)).as("the finished minute waits in the state directory")
                .anyMatch(text -> text.contains("\"destination\":\"" + OTHER + "\""));

        server = new FakeServer("t0ken", port).start();
        server.next(Hello.class, WAIT);
        assertThat(server.take(Denied.class)).as("nothing before the server says it takes denied").isEmpty();
        publish(server);

        DeniedRecord kept = awaitRecord(to(CLIENT_ADDRESS, OTHER, false), "the kept record");
        assertThat(kept.port()).isEqualTo(Namespaces.PORT);
        deadline = System.nanoTime() + WAIT.toNanos();
        while (!spooled(spool).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(spooled(spool)).as("delivered, so removed").isEmpty();
    }

    @Test
    void whenTheReaderDiesTheGateStaysClosedAndWhatItMissedIsCountedAsDropped() throws Exception {
        startGateway(EnforcementMode.ENFORCE, 10_000);
        assertThat(readerStates.poll(5, TimeUnit.SECONDS)).isTrue();
        long ulogd = reader.pid().orElseThrow();

        assertThat(ProcessHandle.of(ulogd).orElseThrow().destroyForcibly()).isTrue();
        assertThat(readerStates.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the reader is reported down").isFalse();
        assertThat(fetch(OTHER)).as("enforcing without a reader").isNull();

        assertThat(readerStates.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("and started again").isTrue();
        awaitNflogGroupBound();
        assertThat(reader.pid().orElseThrow()).isNotEqualTo(ulogd);
        assertThat(fetch(Namespaces.OTHER_NET)).isNull();
        awaitRecord(to(CLIENT_ADDRESS, Namespaces.OTHER_NET, false), "a denial after the restart");

        long kernel = dataplane.get().deniedAttempts();
        long deadline = System.nanoTime() + WAIT.toNanos();
        long recorded = 0;
        long dropped = 0;
        while (recorded + dropped < kernel && System.nanoTime() < deadline) {
            Thread.sleep(500);
            records();
            recorded = frames.stream().flatMap(f -> f.records().stream()).mapToLong(DeniedRecord::count).sum();
            dropped = frames.stream().mapToLong(Denied::dropped).sum();
        }
        assertThat(dropped).as("the attempt made while no reader ran").isPositive();
        assertThat(recorded + dropped).isEqualTo(kernel);
    }

    private static List<String> spooled(Path spool) throws Exception {
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool)) {
            List<String> texts = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                try {
                    texts.add(Files.readString(file));
                } catch (java.nio.file.NoSuchFileException e) {
                    // sent and removed meanwhile
                }
            }
            return texts;
        }
    }

    /**
     * 100,000 SYNs to 5,000 ports of a denied destination, as fast as the client can send them. The kernel
     * logs at most 10,000 a second to NFLOG, ulogd reads what it keeps up with (on a busy machine far from
     * all), and the table holds at most 100 records. Asserted: the table never holds more than its bound
     * (sampled every 0.1 s), the heap does not grow by more than 64 MB, and the records' counts plus every
     * frame's dropped add up exactly to the attempts the kernel's counters counted, which are exactly the
     * SYNs the client sent.
     */
    @Test
    void aFloodOfDeniedSynsLeavesMemoryBoundedAndTheCountersHonest() throws Exception {
        int bound = 100;
        startGateway(EnforcementMode.ENFORCE, bound);
        long heapBefore = usedHeapAfterGc();

        Process flood = namespaces.start(CLIENT, Namespaces.javaBinary(), "-Xmx64m", "-XX:+UseSerialGC",
                Namespaces.program("DeniedFlood.java"), OTHER, "20000", "5000", "100000");
        int largestTable = 0;
        while (flood.isAlive() && !flood.waitFor(100, TimeUnit.MILLISECONDS)) {
            largestTable = Math.max(largestTable, denied.openRecords());
        }
        String output = new BufferedReader(new InputStreamReader(flood.getInputStream(), StandardCharsets.UTF_8))
                .lines().reduce("", (a, b) -> a + b + "\n");
        Matcher sent = Pattern.compile("sent=(\\d+) failed=(\\d+)").matcher(output);
        assertThat(sent.find()).as("the flood's report: " + output).isTrue();
        long syns = Long.parseLong(sent.group(1));
        assertThat(syns).isEqualTo(100_000);

        long kernel = dataplane.get().deniedAttempts();
        assertThat(kernel).as("the kernel counted every SYN as a denied new connection").isEqualTo(syns);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long recorded = 0;
        long dropped = 0;
        while (System.nanoTime() < deadline) {
            largestTable = Math.max(largestTable, denied.openRecords());
            records();
            recorded = frames.stream().flatMap(f -> f.records().stream()).mapToLong(DeniedRecord::count).sum();
            dropped = frames.stream().mapToLong(Denied::dropped).sum();
            if (recorded + dropped >= kernel) {
                break;
            }
            Thread.sleep(500);
        }
        long heapAfter = usedHeapAfterGc();
        System.out.printf("flood: %s kernel=%d recorded=%d dropped=%d records=%d largest table=%d heap %+d MB%n",
                output.strip(), kernel, recorded, dropped, records().size(), largestTable,
                (heapAfter - heapBefore) >> 20);

        assertThat(largestTable).isLessThanOrEqualTo(bound);
        assertThat(heapAfter - heapBefore).isLessThan(64L << 20);
        assertThat(recorded).as("some were recorded").isPositive();
        assertThat(dropped).as("the table bound and the rate limit dropped some").isPositive();
        assertThat(recorded + dropped).as("records plus dropped are what the kernel counted").isEqualTo(kernel);
        assertThat(records()).allSatisfy(r -> assertThat(r.destination()).isEqualTo(OTHER))
                .allSatisfy(r -> assertThat(r.port()).isBetween(20_000, 24_999));
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
