package io.egressgate.gateway.benchmark;

import io.egressgate.addresses.InternalRanges;
import io.egressgate.gateway.dataplane.CommandRunner;
import io.egressgate.gateway.dataplane.DataplaneOptions;
import io.egressgate.gateway.dataplane.IpsetDataplane;
import io.egressgate.gateway.dns.AllowedNames;
import io.egressgate.gateway.dns.DnsForwarder;
import io.egressgate.gateway.dns.DnsMetrics;
import io.egressgate.gateway.dns.ForwarderSettings;
import io.egressgate.gateway.testbed.Dnsmasq;
import io.egressgate.gateway.testbed.FakeServer;
import io.egressgate.gateway.testbed.Kernel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The DNS forwarder's added latency: the same queries, at a fixed rate, asked of dnsmasq directly
 * and through the forwarder, whose every answer programs its address into a real ipset (in a
 * namespace of its own, through the forwarder's ipset session) before it is released. Prints
 * p50/p99 of each and the difference, at 100 and 1,000 queries a second. Loopback only.
 *
 * <p>As root: {@code mvn -q -o -pl gateway-jar -am test-compile && java -cp "gateway-jar/target/test-classes:gateway-jar/target/classes:$(cat gateway-jar/target/bench.classpath)" io.egressgate.gateway.benchmark.DnsBenchmark} ({@code -Ddns.bench.seconds=10}).
 */
public final class DnsBenchmark {

    private static final int SENDERS = 8;

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("dns.bench.seconds", 10);
        String namespace = "egb-dns-" + ProcessHandle.current().pid();
        Kernel.must("ip", "netns", "add", namespace);
        Dnsmasq upstream = null;
        try {
            CommandRunner runner = CommandRunner.inNamespace(namespace);
            IpsetDataplane dataplane = new IpsetDataplane(runner, DataplaneOptions.defaults().withLearning(true));
            dataplane.replaceAll(new java.util.TreeSet<>());
            upstream = Dnsmasq.start(null, "127.0.0.1", FakeServer.freePort(), 300,
                    List.of("--address=/bench.example.net/198.51.100.77", "--no-negcache", "--cache-size=10000"));
            InetSocketAddress direct = new InetSocketAddress("127.0.0.1", upstream.port());
            ForwarderSettings settings = new ForwarderSettings(List.of(new InetSocketAddress("127.0.0.1", 0)),
                    List.of(direct), Duration.ofSeconds(1), InternalRanges.defaults().all(), false,
                    Duration.ofSeconds(5), Duration.ofMinutes(10), 100_000);
            AllowedNames names = AllowedNames.of(List.of("*.bench.example.net"));
            // -Ddns.bench.hold=none: the forwarder alone, to tell its cost from the kernel's
            io.egressgate.gateway.dns.Hold hold = "none".equals(System.getProperty("dns.bench.hold")) ? lifetimes -> { }
                    : dataplane::learn;
            try (DnsForwarder forwarder = new DnsForwarder(settings, () -> names, InternalRanges.defaults(),
                    hold, new DnsMetrics(new PrometheusRegistry())).start()) {
                InetSocketAddress viaForwarder = forwarder.boundAddresses().get(0);
                run("warm-up", direct, viaForwarder, 200, 2);
                System.out.println("== DNS forwarder, added latency (" + Runtime.getRuntime().availableProcessors()
                        + " cores; each forwarded answer programs its address before release)");
                for (int rate : new int[] {100, 1_000}) {
                    Figures plain = measure(direct, rate, seconds, "d" + rate);
                    Figures forwarded = measure(viaForwarder, rate, seconds, "f" + rate);
                    System.out.printf("%,6d q/s  direct p50 %.2f ms p99 %.2f ms | forwarder p50 %.2f ms p99 %.2f ms"
                                    + " | added p50 %.2f ms p99 %.2f ms | failed %d/%d%n", rate, plain.p50, plain.p99,
                            forwarded.p50, forwarded.p99, forwarded.p50 - plain.p50, forwarded.p99 - plain.p99,
                            plain.failed + forwarded.failed, plain.count + forwarded.count);
                }
                String learned = runner.run(List.of("ipset", "list", "-t", "egress-gate-dns4")).orThrow();
                System.out.println("learned set after the run: "
                        + learned.lines().filter(l -> l.startsWith("Number of entries")).findFirst().orElse("?"));
            }
        } finally {
            if (upstream != null) {
                upstream.close();
            }
            Kernel.run("ip", "netns", "del", namespace);
        }
    }

    private record Figures(double p50, double p99, int count, int failed) {
    }

    private static void run(String label, InetSocketAddress direct, InetSocketAddress forwarder, int rate, int seconds)
            throws Exception {
        measure(direct, rate, seconds, label + "d");
        measure(forwarder, rate, seconds, label + "f");
    }

    /** Open loop: query i leaves at start + i/rate whatever the answers do; a late answer counts as late. */
    private static Figures measure(InetSocketAddress server, int rate, int seconds, String tag) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime() + 50_000_000L;
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            done.add(senders.submit(() -> {
                try (DatagramSocket socket = new DatagramSocket()) {
                    socket.setSoTimeout(2_000);
                    byte[] buffer = new byte[1_500];
                    for (int i = sender; i < total; i += SENDERS) {
                        long due = start + (long) i * 1_000_000_000L / rate;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        Message query = Message.newQuery(Record.newRecord(
                                Name.fromString("n" + i + "-" + tag + ".bench.example.net."), Type.A, DClass.IN));
                        byte[] wire = query.toWire();
                        long sent = System.nanoTime();
                        socket.send(new DatagramPacket(wire, wire.length, server));
                        try {
                            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                            socket.receive(answer);
                            Message response = new Message(Arrays.copyOf(answer.getData(), answer.getLength()));
                            latencies[i] = System.nanoTime() - sent;
                            if (response.getRcode() != Rcode.NOERROR || response.getHeader().getID() != query.getHeader().getID()) {
                                failed.incrementAndGet();
                            }
                        } catch (SocketTimeoutException e) {
                            latencies[i] = 2_000_000_000L;
                            failed.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        senders.shutdown();
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Figures(sorted[(int) (total * 0.50)] / 1e6, sorted[Math.min(total - 1, (int) (total * 0.99))] / 1e6,
                total, failed.get());
    }
}
