package io.egressgate.gateway.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import io.egressgate.gateway.testbed.Dnsmasq;
import io.egressgate.gateway.testbed.FakeServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The forwarder on loopback in front of a real dnsmasq: allowed names are held until their public
 * addresses are programmed (a recording hold stands in for the kernel here; GatewayDnsIT programs a
 * real one), internal answers are never programmed, unlisted names pass or are refused, a dead
 * upstream is skipped, no upstream at all is a quick SERVFAIL. Only loopback is ever asked.
 */
class DnsForwarderIT {

    private static final int TTL = 30;
    private static Dnsmasq upstream;
    private static DatagramSocket silentUpstream;
    private static final List<Map<Cidr, Duration>> programmed = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean kernelBroken = new AtomicBoolean();
    private static final AtomicReference<AllowedNames> names = new AtomicReference<>(
            AllowedNames.of(List.of("www.example.com", "*.cdn.example.net", "rebind.example.com")));

    @BeforeAll
    static void startUpstreams() throws Exception {
        List<String> records = new ArrayList<>(List.of(
                "--host-record=edge.cdn.example.net,198.51.100.7",
                "--host-record=deep.a.cdn.example.net,198.51.100.8,2001:db8::8",
                "--cname=www.example.com,edge.cdn.example.net",
                "--host-record=unlisted.example.org,203.0.113.50",
                "--host-record=rebind.example.com,10.9.8.7", "--host-record=rebind.example.com,203.0.113.51"));
        for (int i = 0; i < 40; i++) {
            records.add("--host-record=big.cdn.example.net,198.51.100." + (100 + i)); // more than 512 bytes of answer
        }
        upstream = Dnsmasq.start(null, "127.0.0.1", FakeServer.freePort(), TTL, records);
        silentUpstream = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stopUpstreams() {
        if (upstream != null) {
            upstream.close();
        }
        if (silentUpstream != null) {
            silentUpstream.close();
        }
    }

    private static DnsForwarder forwarder(List<InetSocketAddress> upstreams, boolean refuseUnlisted, List<Cidr> allowFrom) {
        ForwarderSettings settings = new ForwarderSettings(List.of(new InetSocketAddress("127.0.0.1", 0)), upstreams,
                Duration.ofMillis(300), allowFrom, refuseUnlisted, Duration.ofSeconds(5), Duration.ofSeconds(60), 1_000);
        Hold recording = lifetimes -> {
            if (kernelBroken.get()) {
                throw new IllegalStateException("ipset restore failed");
            }
            programmed.add(lifetimes);
        };
        return new DnsForwarder(settings, names::get, InternalRanges.defaults(), recording,
                new DnsMetrics(new PrometheusRegistry())).start();
    }

    private static InetSocketAddress real() {
        return new InetSocketAddress("127.0.0.1", upstream.port());
    }

    private static Message ask(DnsForwarder forwarder, String name, int type, boolean tcp) throws Exception {
        SimpleResolver client = new SimpleResolver(forwarder.boundAddresses().get(0));
        client.setTCP(tcp);
        client.setTimeout(Duration.ofSeconds(5));
        return client.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }

    private static List<String> answers(Message response) {
        List<String> found = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof ARecord a) {
                found.add(a.getAddress().getHostAddress());
            }
        }
        return found;
    }

    @Test
    void anAllowedNameIsAnsweredOnlyAfterItsAddressesAreProgrammed() throws Exception {
        programmed.clear();
        try (DnsForwarder forwarder = forwarder(List.of(real()), false, InternalRanges.defaults().ipv4())) {
            Message viaCname = ask(forwarder, "www.example.com", Type.A, false);
            assertThat(viaCname.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(answers(viaCname)).containsExactly("198.51.100.7");
            assertThat(programmed).as("programmed before the answer came back").hasSize(1);
            assertThat(programmed.get(0)).containsOnlyKeys(Cidr.parse("198.51.100.7/32"));
            assertThat(programmed.get(0).get(Cidr.parse("198.51.100.7/32")))
                    .as("max(TTL, min TTL) + grace").isEqualTo(Duration.ofSeconds(TTL + 60));

            Message twoDeep = ask(forwarder, "deep.a.cdn.example.net", Type.AAAA, true);
            assertThat(twoDeep.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(programmed.get(1)).as("a wildcard two labels deep, over TCP")
                    .containsOnlyKeys(Cidr.parse("2001:db8::8/128"));
        }
    }

    @Test
    void internalAddressesInAnAnswerAreNeverProgrammed() throws Exception {
        programmed.clear();
        try (DnsForwarder forwarder = forwarder(List.of(real()), false, InternalRanges.defaults().ipv4())) {
            Message response = ask(forwarder, "rebind.example.com", Type.A, false);
            assertThat(answers(response)).contains("10.9.8.7", "203.0.113.51");
            assertThat(programmed).singleElement().satisfies(p -> assertThat(p).containsOnlyKeys(Cidr.parse("203.0.113.51/32")));
        }
    }

    @Test
    void unlistedNamesPassUntouchedOrAreRefused() throws Exception {
        programmed.clear();
        try (DnsForwarder passing = forwarder(List.of(real()), false, InternalRanges.defaults().ipv4())) {
            Message response = ask(passing, "unlisted.example.org", Type.A, false);
            assertThat(answers(response)).containsExactly("203.0.113.50");
            assertThat(ask(passing, "edge.cdn.example.net", Type.A, false).getRcode()).isEqualTo(Rcode.NOERROR);
        }
        assertThat(programmed).as("edge.cdn.example.net is under the wildcard, unlisted.example.org is not").hasSize(1);
        try (DnsForwarder refusing = forwarder(List.of(real()), true, InternalRanges.defaults().ipv4())) {
            assertThat(ask(refusing, "unlisted.example.org", Type.A, false).getRcode()).isEqualTo(Rcode.REFUSED);
            assertThat(ask(refusing, "cdn.example.net", Type.A, false).getRcode()).as("the apex of a wildcard")
                    .isEqualTo(Rcode.REFUSED);
        }
    }

    @Test
    void aSilentUpstreamIsSkippedAndNoUpstreamIsAQuickServfail() throws Exception {
        InetSocketAddress silent = (InetSocketAddress) silentUpstream.getLocalSocketAddress();
        try (DnsForwarder forwarder = forwarder(List.of(silent, real()), false, InternalRanges.defaults().ipv4())) {
            assertThat(answers(ask(forwarder, "www.example.com", Type.A, false))).containsExactly("198.51.100.7");
        }
        try (DnsForwarder forwarder = forwarder(List.of(silent), false, InternalRanges.defaults().ipv4())) {
            long started = System.nanoTime();
            assertThat(ask(forwarder, "www.example.com", Type.A, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("never a hang").isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aBigAnswerIsTruncatedOverUdpWithoutEdnsAndWholeOverTcp() throws Exception {
        programmed.clear();
        try (DnsForwarder forwarder = forwarder(List.of(real()), false, InternalRanges.defaults().ipv4())) {
            Message query = Message.newQuery(Record.newRecord(Name.fromString("big.cdn.example.net."), Type.A, DClass.IN));
            byte[] wire = query.toWire();
            try (DatagramSocket client = new DatagramSocket()) {
                client.setSoTimeout(5_000);
                client.send(new java.net.DatagramPacket(wire, wire.length, forwarder.boundAddresses().get(0)));
                java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[4096], 4096);
                client.receive(packet);
                assertThat(packet.getLength()).as("a classic 512-byte UDP answer").isLessThanOrEqualTo(512);
                Message udp = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                assertThat(udp.getHeader().getFlag(org.xbill.DNS.Flags.TC)).as("truncated, so the client retries over TCP").isTrue();
            }
            Message tcp = ask(forwarder, "big.cdn.example.net", Type.A, true);
            assertThat(answers(tcp)).hasSize(40);
            assertThat(programmed.get(programmed.size() - 1)).as("over TCP every address is programmed").hasSize(40);
        }
    }

    @Test
    void garbageResponsesAndHalfFramesGetNoAnswerAndChangeNothing() throws Exception {
        programmed.clear();
        try (DnsForwarder forwarder = forwarder(List.of(real()), false, InternalRanges.defaults().ipv4())) {
            InetSocketAddress at = forwarder.boundAddresses().get(0);
            Message response = Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), Type.A, DClass.IN));
            response.getHeader().setFlag(org.xbill.DNS.Flags.QR);
            byte[][] worst = {new byte[] {1, 2, 3}, new byte[12], response.toWire(), new byte[4096]};
            try (DatagramSocket client = new DatagramSocket()) {
                client.setSoTimeout(500);
                for (byte[] packet : worst) {
                    client.send(new java.net.DatagramPacket(packet, packet.length, at));
                    java.net.DatagramPacket nothing = new java.net.DatagramPacket(new byte[512], 512);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.receive(nothing))
                            .as("no answer to " + packet.length + " bytes").isInstanceOf(java.net.SocketTimeoutException.class);
                }
            }
            try (java.net.Socket tcp = new java.net.Socket(at.getAddress(), at.getPort())) {
                tcp.getOutputStream().write(new byte[] {0x7f, (byte) 0xff, 1, 2, 3}); // promises 32 KiB, sends 3
                tcp.shutdownOutput();
                tcp.setSoTimeout(5_000);
                assertThat(tcp.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
            }
            assertThat(programmed).isEmpty();
            assertThat(answers(ask(forwarder, "www.example.com", Type.A, false))).as("still serving")
                    .containsExactly("198.51.100.7");
        }
    }

    @Test
    void whenTheKernelCannotBeProgrammedTheAnswerIsServfail() throws Exception {
        kernelBroken.set(true);
        try (DnsForwarder forwarder = forwarder(List.of(real()), false, InternalRanges.defaults().ipv4())) {
            assertThat(ask(forwarder, "www.example.com", Type.A, false).getRcode()).isEqualTo(Rcode.SERVFAIL);
        } finally {
            kernelBroken.set(false);
        }
    }

    @Test
    void sourcesOutsideAllowFromAreRefused() throws Exception {
        try (DnsForwarder forwarder = forwarder(List.of(real()), false, List.of(Cidr.parse("10.0.0.0/8")))) {
            assertThat(ask(forwarder, "www.example.com", Type.A, false).getRcode()).isEqualTo(Rcode.REFUSED);
        }
    }
}
