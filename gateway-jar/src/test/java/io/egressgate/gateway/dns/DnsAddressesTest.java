package io.egressgate.gateway.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsAddressesTest {

    @TempDir
    Path dir;

    @Test
    void addressesPortsAndTheWildcardListenAddress() {
        assertThat(DnsAddresses.parse("192.0.2.53:5353", 53)).isEqualTo(new InetSocketAddress("192.0.2.53", 5353));
        assertThat(DnsAddresses.parse("192.0.2.53", 53).getPort()).isEqualTo(53);
        assertThat(DnsAddresses.parse("[2001:db8::53]:54", 53)).isEqualTo(new InetSocketAddress("2001:db8::53", 54));
        assertThat(DnsAddresses.parse("2001:db8::53", 53).getPort()).isEqualTo(53);
        assertThat(DnsAddresses.parseListen(":53")).isEqualTo(new InetSocketAddress(53));
        assertThat(DnsAddresses.parseListen("10.61.1.1:53")).isEqualTo(new InetSocketAddress("10.61.1.1", 53));
    }

    @Test
    void namesAndBadPortsAreRefusedWithTheValue() {
        for (String bad : new String[] {"dns.example.com:53", "192.0.2.53:99999", "192.0.2.53:x", "[2001:db8::53", ":53"}) {
            assertThatThrownBy(() -> DnsAddresses.parse(bad, 53)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void resolvConfNameserversOnPort53() throws Exception {
        Path conf = Files.writeString(dir.resolve("resolv.conf"), "# c\nsearch example.com\nnameserver 192.0.2.53\nnameserver 2001:db8::53\n");
        assertThat(DnsAddresses.fromResolvConf(conf)).containsExactly(new InetSocketAddress("192.0.2.53", 53),
                new InetSocketAddress("2001:db8::53", 53));
        Path empty = Files.writeString(dir.resolve("empty.conf"), "search example.com\n");
        assertThatThrownBy(() -> DnsAddresses.fromResolvConf(empty)).hasMessageContaining("-dns-upstream");
    }
}
