package io.egressgate.gateway.denials;

import io.egressgate.addresses.Cidr;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines as ulogd2 2.0.8 (Debian 12) printed them for the gateway's rules. */
class DeniedAttemptTest {

    static final String TCP4 = "{\"timestamp\": \"2026-12-03T10:28:07.452150\", \"dvc\": \"Netfilter\", \"raw.pktlen\": 60,"
            + " \"oob.prefix\": \"egress-gate deny\", \"oob.time.sec\": 1796293687, \"oob.time.usec\": 452150,"
            + " \"oob.family\": 2, \"oob.protocol\": 2048, \"ip.protocol\": 6, \"src_port\": 46574, \"dest_port\": 81,"
            + " \"tcp.syn\": 1, \"src_ip\": \"10.61.1.2\", \"dest_ip\": \"203.0.113.11\"}";
    static final String UDP6 = "{\"timestamp\": \"2026-12-03T10:28:07.452262\", \"oob.prefix\": \"egress-gate would-deny\","
            + " \"oob.time.sec\": 1796293688, \"oob.family\": 10, \"ip.protocol\": 17, \"ip6.nexthdr\": 17,"
            + " \"src_port\": 53081, \"dest_port\": 5353, \"src_ip\": \"fd61:1::2\", \"dest_ip\": \"2001:db8:61:0::11\"}";

    @Test
    void aDeniedTcpConnectionKeepsAddressesPortAndKernelTime() {
        DeniedAttempt attempt = DeniedAttempt.fromUlogdJson(TCP4, 1).orElseThrow();

        assertThat(attempt).isEqualTo(new DeniedAttempt(Cidr.parse("10.61.1.2"), Cidr.parse("203.0.113.11"), "tcp", 81,
                1796293687L, false));
    }

    @Test
    void aWouldDenyUdpDatagramOverIpv6IsReadWithCanonicalAddresses() {
        DeniedAttempt attempt = DeniedAttempt.fromUlogdJson(UDP6, 1).orElseThrow();

        assertThat(attempt.wouldDeny()).isTrue();
        assertThat(attempt.protocol()).isEqualTo("udp");
        assertThat(attempt.port()).isEqualTo(5353);
        assertThat(DeniedAttempt.addressText(attempt.destination())).isEqualTo("2001:db8:61::11");
        assertThat(DeniedAttempt.addressText(attempt.source())).isEqualTo("fd61:1::2");
    }

    @Test
    void protocolsWithoutPortsGetPortZeroAndOthersTheirNumber() {
        String icmp = TCP4.replace("\"ip.protocol\": 6", "\"ip.protocol\": 1").replace(", \"dest_port\": 81", "");
        String sctp = TCP4.replace("\"ip.protocol\": 6", "\"ip.protocol\": 132");

        assertThat(DeniedAttempt.fromUlogdJson(icmp, 1).orElseThrow()).extracting(DeniedAttempt::protocol,
                DeniedAttempt::port).containsExactly("icmp", 0);
        assertThat(DeniedAttempt.fromUlogdJson(sctp, 1).orElseThrow().protocol()).isEqualTo("132");
        assertThat(DeniedAttempt.protocolText(58)).isEqualTo("icmpv6");
    }

    @Test
    void linesThatAreNotTheGatewaysRecordsAreIgnored() {
        assertThat(DeniedAttempt.fromUlogdJson(TCP4.replace("egress-gate deny", "someone else"), 1)).isEmpty();
        assertThat(DeniedAttempt.fromUlogdJson(TCP4.replace("\"src_ip\": \"10.61.1.2\", ", ""), 1)).isEmpty();
        assertThat(DeniedAttempt.fromUlogdJson(TCP4.replace("10.61.1.2", "host.example"), 1)).isEmpty();
        assertThat(DeniedAttempt.fromUlogdJson("{\"oob.prefix\": ", 1)).isEmpty();
        assertThat(DeniedAttempt.fromUlogdJson("Thu Dec  3 10:28:05 2026 <5> ulogd.c:408 registering plugin", 1)).isEmpty();
        assertThat(DeniedAttempt.fromUlogdJson("{\"x\": \"" + "a".repeat(DeniedAttempt.MAX_LINE) + "\"}", 1)).isEmpty();
    }

    @Test
    void aLineWithoutKernelTimeTakesTheGatewaysClock() {
        String untimed = TCP4.replace("\"oob.time.sec\": 1796293687, ", "");

        assertThat(DeniedAttempt.fromUlogdJson(untimed, 1234).orElseThrow().epochSecond()).isEqualTo(1234);
    }
}
