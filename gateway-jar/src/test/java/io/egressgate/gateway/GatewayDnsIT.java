package io.egressgate.gateway;

import static io.egressgate.gateway.testbed.Namespaces.CLIENT;
import static io.egressgate.gateway.testbed.Namespaces.GATEWAY;
import static io.egressgate.gateway.testbed.Namespaces.GATEWAY_OUTSIDE;
import static io.egressgate.gateway.testbed.Namespaces.OTHER;
import static io.egressgate.gateway.testbed.Namespaces.OTHER_NET;
import static io.egressgate.gateway.testbed.Namespaces.PORT;
import static io.egressgate.gateway.testbed.Namespaces.PUBLIC;
import static io.egressgate.gateway.testbed.Namespaces.in;
import static io.egressgate.gateway.testbed.Namespaces.tryIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.gateway.allowlist.AppliedAllowlist;
import io.egressgate.gateway.allowlist.StateFile;
import io.egressgate.gateway.dataplane.CommandRunner;
import io.egressgate.gateway.dataplane.DataplaneOptions;
import io.egressgate.gateway.dataplane.IpsetDataplane;
import io.egressgate.gateway.testbed.Dnsmasq;
import io.egressgate.gateway.testbed.Kernel;
import io.egressgate.gateway.testbed.Namespaces;
import io.egressgate.protocol.Denied;
import io.egressgate.protocol.DeniedRecord;
import io.egressgate.protocol.MessageCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway with {@code -dns-listen}, in namespaces: the client's resolv.conf points at the
 * gateway, the upstream is a dnsmasq on the public side. Twenty fresh names under an allowed
 * wildcard, each answering an address nothing had allowed, connect on the first try; a name not
 * allowed resolves but stays blocked. The names come from the saved state (no server at all), and
 * still do after the gateway restarts: fail static. With {@code -dns-intercept}, a client asking a
 * "public" resolver through the gateway is answered by the forwarder. The denied connection to the
 * unlisted name is kept (ulogd2 reads the NFLOG group) with the name the client resolved.
 */
class GatewayDnsIT {

    private static final String UPSTREAM = "10.61.2.2";
    private static final int FRESH = 20;
    private static final String SPLIT_ADDRESS = "203.0.113.150";
    private static Namespaces namespaces;
    private static Dnsmasq dnsmasq;
    private static Path stateDir;
    private static Path resolvConf;

    @BeforeAll
    static void setUp() throws Exception {
        namespaces = Namespaces.create();
        List<String> records = new ArrayList<>();
        for (int i = 1; i <= FRESH + 2; i++) {
            String address = "203.0.113." + (100 + i);
            in(PUBLIC, "ip", "addr", "add", address + "/32", "dev", "lo");
            records.add("--host-record=n" + i + ".fresh.example.net," + address);
        }
        records.add("--host-record=unlisted.example.org," + OTHER);
        // the server's resolver saw another address for this name (the saved allowlist holds that one)
        in(PUBLIC, "ip", "addr", "add", SPLIT_ADDRESS + "/32", "dev", "lo");
        records.add("--host-record=split.example.net," + SPLIT_ADDRESS);
        dnsmasq = Dnsmasq.start(PUBLIC, UPSTREAM, 53, 30, records);
        Path netns = Path.of("/etc/netns", CLIENT);
        Files.createDirectories(netns);
        resolvConf = netns.resolve("resolv.conf");
        stateDir = Files.createTempDirectory("egress-gate-dns");
        new IpsetDataplane(CommandRunner.inNamespace(GATEWAY), DataplaneOptions.defaults()).uninstall();
        new StateFile(stateDir).save(new AppliedAllowlist("e1", 2L,
                new TreeSet<>(List.of(io.egressgate.addresses.Cidr.parse(OTHER_NET))), Map.of(), null,
                new TreeSet<>(List.of("*.fresh.example.net", "split.example.net"))));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (dnsmasq != null) {
            dnsmasq.close();
        }
        if (resolvConf != null) {
            Files.deleteIfExists(resolvConf);
            Files.deleteIfExists(resolvConf.getParent());
        }
        if (namespaces != null) {
            new IpsetDataplane(CommandRunner.inNamespace(GATEWAY), DataplaneOptions.defaults().withLearning(true)).uninstall();
            namespaces.close();
        }
    }

    /** The client's resolver, as /etc/netns/CLIENT/resolv.conf (ip netns exec mounts it over /etc/resolv.conf). */
    private static void clientAsks(String resolver) throws java.io.IOException {
        Files.writeString(resolvConf, "nameserver " + resolver + "\noptions timeout:2 attempts:1\n");
    }

    private static RunningGateway start(String... more) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(Namespaces.javaBinary(), "-Xmx128m", "-jar",
                RunningGateway.jar(), "-iptables-wss-server", "ws://127.0.0.1:9/ws/gateway", "--state-dir",
                stateDir.toString(), "-metrics-port", "0", "-metrics-address", "127.0.0.1", "-hostname", "gate-dns",
                "-dns-listen", "10.61.1.1:53", "-dns-upstream", UPSTREAM + ":53"));
        command.addAll(List.of(more));
        RunningGateway gateway = new RunningGateway(namespaces.start(GATEWAY, command.toArray(String[]::new)));
        gateway.awaitLine("DNS forwarder on");
        return gateway;
    }

    private static void stop(RunningGateway gateway) throws InterruptedException {
        gateway.process().destroy();
        assertThat(gateway.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    /** One request by name, as an application makes it: resolve through the gateway, then connect once. */
    private static String fetchByName(String name) {
        Kernel.Result result = tryIn(CLIENT, "curl", "-s", "--connect-timeout", "1", "-m", "3",
                "http://" + name + ":" + PORT + "/");
        return result.exitCode() == 0 ? result.out().strip() : "curl exit " + result.exitCode();
    }

    private static List<DeniedRecord> spooledRecords() throws Exception {
        List<DeniedRecord> records = new ArrayList<>();
        Path spool = stateDir.resolve("denied");
        try (var files = Files.list(spool)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                records.addAll(((Denied) MessageCodec.decode(Files.readString(file))).records());
            }
        }
        return records;
    }

    @Test
    void freshNamesUnderAnAllowedWildcardConnectOnTheFirstTryAcrossARestart() throws Exception {
        clientAsks("10.61.1.1");
        RunningGateway gateway = start();
        try {
            List<String> failed = new ArrayList<>();
            for (int i = 1; i <= FRESH; i++) {
                String answer = fetchByName("n" + i + ".fresh.example.net");
                if (!answer.equals("hello " + GATEWAY_OUTSIDE)) {
                    failed.add("n" + i + ": " + answer);
                }
            }
            assertThat(failed).as("first-try failures out of " + FRESH).isEmpty();
            assertThat(fetchByName("unlisted.example.org")).as("resolved, but not allowed").startsWith("curl exit");
            assertThat(fetchByName("split.example.net")).as("the client's answer differs from the server's: allowed all the same")
                    .isEqualTo("hello " + GATEWAY_OUTSIDE);
            String metrics = in(GATEWAY, "curl", "-s", "-m", "5", "http://127.0.0.1:" + gateway.metricsPort() + "/metrics");
            assertThat(metrics).contains("egress_gate_dns_queries_total{result=\"allowed\"}")
                    .containsPattern("egress_gate_dns_learned_addresses (2[0-9]|[3-9][0-9])\\.0")
                    .contains("egress_gate_mode{mode=\"enforce\"} 1.0", "egress_gate_denied_reader_up 1.0");
        } finally {
            stop(gateway);
        }
        // stopping keeps this minute's records in the state directory, for a server to come
        assertThat(spooledRecords()).as("the denied connection, with the name the client resolved")
                .anySatisfy(record -> assertThat(record).extracting(DeniedRecord::source, DeniedRecord::destination,
                        DeniedRecord::port, DeniedRecord::name, DeniedRecord::wouldDeny)
                        .containsExactly("10.61.1.2", OTHER, PORT, "unlisted.example.org", false));

        RunningGateway restarted = start();
        try {
            assertThat(fetchByName("n" + (FRESH + 1) + ".fresh.example.net")).as("names kept across a restart")
                    .isEqualTo("hello " + GATEWAY_OUTSIDE);
        } finally {
            stop(restarted);
        }
    }

    @Test
    void dnsSentThroughTheGatewayToAnyResolverIsAnsweredByTheForwarder() throws Exception {
        // nothing answers DNS at this "public resolver" address: only interception can
        clientAsks("198.51.100.53");
        String name = "n" + (FRESH + 2) + ".fresh.example.net";
        RunningGateway plain = start();
        try {
            assertThat(fetchByName(name)).as("without -dns-intercept the query goes nowhere").startsWith("curl exit");
        } finally {
            stop(plain);
        }
        RunningGateway intercepting = start("-dns-intercept");
        try {
            assertThat(fetchByName(name)).isEqualTo("hello " + GATEWAY_OUTSIDE);
        } finally {
            stop(intercepting);
        }
    }
}
