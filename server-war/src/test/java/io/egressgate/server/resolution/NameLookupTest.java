package io.egressgate.server.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.names.DomainName;
import io.egressgate.server.it.TestDnsServer;
import io.egressgate.server.it.TestDnsServer.Behaviour;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DNS client against a real (test) DNS server on loopback: chains, TTLs, TCP, failures, fail-over. */
class NameLookupTest {

    private static TestDnsServer dns;
    private static TestDnsServer second;
    private static ExecutorService executor;

    @BeforeAll
    static void start() throws Exception {
        dns = new TestDnsServer();
        second = new TestDnsServer();
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        dns.close();
        second.close();
        executor.shutdownNow();
    }

    private static NameLookup lookupVia(String servers) {
        return NameLookup.using(settings(servers), executor);
    }

    private static ResolverSettings settings(String servers) {
        Map<String, String> config = Map.of("dns_servers", servers, "dns_timeout", "0.3");
        return ResolverSettings.from(key -> Optional.ofNullable(config.get(key)));
    }

    private static Lookup resolve(NameLookup lookup, String name) throws Exception {
        return lookup.lookup(DomainName.parse(name)).get(20, TimeUnit.SECONDS);
    }

    private static List<String> addresses(Lookup lookup) {
        assertThat(lookup).isInstanceOf(Lookup.Answered.class);
        return ((Lookup.Answered) lookup).addresses().stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void answersAAndAaaaWithTheSmallerTtl() throws Exception {
        dns.a("both.lookup.example", 300, "192.0.2.1", "192.0.2.2").aaaa("both.lookup.example", 120, "2001:db8::1");
        Lookup lookup = resolve(lookupVia(dns.address()), "both.lookup.example");
        assertThat(addresses(lookup)).containsExactlyInAnyOrder("192.0.2.1", "192.0.2.2", "2001:db8:0:0:0:0:0:1");
        Lookup.Answered answered = (Lookup.Answered) lookup;
        assertThat(answered.ttlSeconds()).isEqualTo(120);
        assertThat(answered.ipv4Known()).isTrue();
        assertThat(answered.ipv6Known()).isTrue();
        assertThat(answered.partialError()).isNull();
    }

    @Test
    void aNameWithoutAaaaIsAnAnswerWithBothFamiliesKnown() throws Exception {
        dns.a("v4only.lookup.example", 60, "198.51.100.4");
        Lookup.Answered answered = (Lookup.Answered) resolve(lookupVia(dns.address()), "v4only.lookup.example");
        assertThat(answered.addresses()).hasSize(1);
        assertThat(answered.ipv6Known()).isTrue();
        assertThat(answered.ttlSeconds()).isEqualTo(30); // the SOA minimum of the AAAA NODATA answer
    }

    @Test
    void followsACnameChainAndTakesTheSmallestTtlOnTheWay() throws Exception {
        dns.cname("www.chain.example", "edge.cdn.example", 7).cname("edge.cdn.example", "pop1.cdn.example", 600)
                .a("pop1.cdn.example", 3600, "203.0.113.10");
        for (boolean inAnswer : List.of(true, false)) {
            dns.chainInAnswer(inAnswer);
            try {
                Lookup lookup = resolve(lookupVia(dns.address()), "www.chain.example");
                assertThat(addresses(lookup)).containsExactly("203.0.113.10");
                Lookup.Answered answered = (Lookup.Answered) lookup;
                assertThat(answered.ttlSeconds()).isEqualTo(7);
                assertThat(answered.aliases()).containsExactly("edge.cdn.example", "pop1.cdn.example");
            } finally {
                dns.chainInAnswer(true);
            }
        }
    }

    @Test
    void aCnameLoopIsAFailureNotAHang() throws Exception {
        dns.cname("loop1.lookup.example", "loop2.lookup.example", 60).cname("loop2.lookup.example", "loop1.lookup.example", 60);
        Lookup lookup = resolve(lookupVia(dns.address()), "loop1.lookup.example");
        assertThat(lookup).isEqualTo(new Lookup.Failed(Lookup.Failure.CNAME_LOOP,
                "CNAME chain loops or is longer than " + NameLookup.MAX_CNAME_HOPS + " links"));
    }

    @Test
    void nxdomainAndServfailAreFailures() throws Exception {
        Lookup missing = resolve(lookupVia(dns.address()), "missing.lookup.example");
        assertThat(missing).isInstanceOf(Lookup.Failed.class);
        assertThat(((Lookup.Failed) missing).failure()).isEqualTo(Lookup.Failure.NXDOMAIN);

        dns.a("broken.lookup.example", 60, "192.0.2.9").behave("broken.lookup.example", Behaviour.SERVFAIL);
        Lookup broken = resolve(lookupVia(dns.address()), "broken.lookup.example");
        assertThat(broken).isInstanceOf(Lookup.Failed.class);
        assertThat(((Lookup.Failed) broken).failure()).isEqualTo(Lookup.Failure.SERVFAIL);
        assertThat(((Lookup.Failed) broken).message()).contains("SERVFAIL from 127.0.0.1:" + dns.port());
    }

    @Test
    void aSilentServerIsATimeoutWithinTheBudget() throws Exception {
        dns.a("silent.lookup.example", 60, "192.0.2.3").behave("silent.lookup.example", Behaviour.SILENT);
        long started = System.nanoTime();
        Lookup lookup = resolve(lookupVia(dns.address()), "silent.lookup.example");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(lookup).isInstanceOf(Lookup.Failed.class);
        assertThat(((Lookup.Failed) lookup).failure()).isEqualTo(Lookup.Failure.TIMEOUT);
        assertThat(tookMillis).isBetween(500L, 3_000L); // 2 attempts x 0.3 s, A and AAAA in parallel
    }

    @Test
    void aClosedPortFailsAtOnce() throws Exception {
        int closedPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        long started = System.nanoTime();
        Lookup lookup = resolve(lookupVia("127.0.0.1:" + closedPort), "any.lookup.example");
        assertThat(lookup).isInstanceOf(Lookup.Failed.class);
        assertThat(((Lookup.Failed) lookup).failure()).isIn(Lookup.Failure.UNREACHABLE, Lookup.Failure.TIMEOUT);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000L);
    }

    @Test
    void threeHundredAddressesComeOverTcp() throws Exception {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add("2001:db8::" + Integer.toHexString(0x1000 + i));
        }
        dns.aaaa("big.lookup.example", 60, many.toArray(String[]::new)).a("big.lookup.example", 60, "192.0.2.77");
        long tcpBefore = dns.tcpQueries();
        Lookup lookup = resolve(lookupVia(dns.address()), "big.lookup.example");
        assertThat(addresses(lookup)).hasSize(301);
        assertThat(dns.tcpQueries()).isGreaterThan(tcpBefore);
    }

    @Test
    void anotherServerIsTriedWhenOneFailsOrStaysSilent() throws Exception {
        for (Behaviour failing : List.of(Behaviour.SERVFAIL, Behaviour.SILENT)) {
            second.a("failover.lookup.example", 60, "198.51.100.44");
            dns.everyName(failing);
            try {
                Lookup lookup = resolve(lookupVia(dns.address() + "," + second.address()), "failover.lookup.example");
                assertThat(addresses(lookup)).as("first server " + failing).containsExactly("198.51.100.44");
            } finally {
                dns.everyName(null);
            }
        }
    }
}
