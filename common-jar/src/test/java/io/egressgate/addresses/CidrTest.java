package io.egressgate.addresses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void ofBuildsANetworkFromAnAddress() throws Exception {
        Cidr cidr = Cidr.of(InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, 0}), 24);
        assertThat(cidr).isEqualTo(Cidr.parse("198.51.100.0/24"));
        assertThat(Cidr.of(ipv6("2001:db8::"), 32)).isEqualTo(Cidr.parse("2001:db8::/32"));
    }

    @Test
    void ofRefusesHostBitsAndImpossiblePrefixes() throws Exception {
        InetAddress address = InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, 7});
        assertThatThrownBy(() -> Cidr.of(address, 24)).hasMessageContaining("did you mean 198.51.100.0/24?");
        assertThatThrownBy(() -> Cidr.of(address, 33)).hasMessageContaining("not between 0 and 32");
        assertThatThrownBy(() -> Cidr.of(address, -1)).hasMessageContaining("not between 0 and 32");
        assertThatThrownBy(() -> Cidr.of(ipv6("2001:db8::"), 129)).hasMessageContaining("not between 0 and 128");
    }

    @Test
    void hostIsASingleAddress() throws Exception {
        assertThat(Cidr.host(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 7})))
                .isEqualTo(Cidr.parse("203.0.113.7/32"));
        assertThat(Cidr.host(ipv6("2001:db8::7"))).isEqualTo(Cidr.parse("2001:db8::7/128"));
    }

    @Test
    void hostOfARawMappedIpv6AddressIsTheEmbeddedIpv4() throws Exception {
        Inet6Address mapped = ipv6("::ffff:10.0.0.1");
        assertThat(Cidr.host(mapped)).isEqualTo(Cidr.parse("10.0.0.1"));
        assertThat(Cidr.host(mapped).isIpv6()).isFalse();
    }

    @Test
    void ofARawMappedIpv6NetworkIsTheEmbeddedIpv4Network() throws Exception {
        assertThat(Cidr.of(ipv6("::ffff:203.0.113.0"), 120)).isEqualTo(Cidr.parse("203.0.113.0/24"));
        assertThatThrownBy(() -> Cidr.of(ipv6("::ffff:203.0.113.7"), 120))
                .hasMessageContaining("did you mean 203.0.113.0/24?");
    }

    @Test
    void hostDropsTheZoneOfAScopedAddress() throws Exception {
        Inet6Address scoped = Inet6Address.getByAddress(null, ipv6("fe80::1").getAddress(), 3);
        assertThat(Cidr.host(scoped)).hasToString("fe80::1/128");
    }

    @Test
    void addressIsTheNetworkAddressOfTheRightFamily() {
        assertThat(Cidr.parse("198.51.100.0/24").address())
                .isInstanceOf(Inet4Address.class)
                .extracting(InetAddress::getHostAddress).isEqualTo("198.51.100.0");
        assertThat(Cidr.parse("2001:db8::/32").address())
                .isInstanceOf(Inet6Address.class)
                .extracting(InetAddress::getHostAddress).isEqualTo("2001:db8:0:0:0:0:0:0");
    }

    @Test
    void addressTextIsCanonicalLikeTheWholeCidr() {
        assertThat(Cidr.parse("2001:0DB8:0:0:0:0:0:1").addressText()).isEqualTo("2001:db8::1");
        assertThat(Cidr.parse("1:0:0:2:0:0:0:3").addressText()).isEqualTo("1:0:0:2::3");
        assertThat(Cidr.parse("203.0.113.7").addressText()).isEqualTo("203.0.113.7");
        assertThat(Cidr.parse("2001:db8::/32").addressText()).isEqualTo("2001:db8::");
    }

    @Test
    void theRawMappedInternalRangeKeepsAnIpv6Address() {
        // InetAddress.getByAddress would silently turn ::ffff:0:0 into the IPv4 address 0.0.0.0.
        Cidr mapped = InternalRanges.defaults().ipv6().stream()
                .filter(cidr -> cidr.toString().equals("::ffff:0:0/96")).findFirst().orElseThrow();
        assertThat(mapped.isIpv6()).isTrue();
        assertThat(mapped.address()).isInstanceOf(Inet6Address.class);
        assertThat(mapped.address().getAddress()).hasSize(16);
    }

    @Test
    void containsNarrowerNetworksOfTheSameFamilyOnly() {
        Cidr ten = Cidr.parse("10.0.0.0/8");
        assertThat(ten.contains(Cidr.parse("10.1.0.0/16"))).isTrue();
        assertThat(ten.contains(ten)).isTrue();
        assertThat(ten.contains(Cidr.parse("10.255.255.255"))).isTrue();
        assertThat(Cidr.parse("10.1.0.0/16").contains(ten)).isFalse();
        assertThat(ten.contains(Cidr.parse("11.0.0.0"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.parse("::/128"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(Cidr.parse("0.0.0.0/32"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(Cidr.parse("2001:db8::/32"))).isTrue();
    }

    @Test
    void containsAddresses() throws Exception {
        Cidr documentation = Cidr.parse("203.0.113.0/24");
        assertThat(documentation.contains(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 99}))).isTrue();
        assertThat(documentation.contains(InetAddress.getByAddress(new byte[] {(byte) 203, 0, 114, 0}))).isFalse();
        assertThat(documentation.contains(ipv6("::ffff:203.0.113.99"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(ipv6("2001:db8:1::1"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(ipv6("2001:db9::1"))).isFalse();
    }

    @Test
    void overlapsIsSymmetricAndFalseForNeighbours() {
        Cidr wide = Cidr.parse("172.0.0.0/8");
        Cidr narrow = Cidr.parse("172.16.0.0/12");
        assertThat(wide.overlaps(narrow)).isTrue();
        assertThat(narrow.overlaps(wide)).isTrue();
        assertThat(Cidr.parse("172.16.0.0/12").overlaps(Cidr.parse("172.32.0.0/11"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").overlaps(Cidr.parse("::/0"))).isFalse();
    }

    @Test
    void sortsIpv4FirstThenByAddressThenByPrefix() {
        List<Cidr> cidrs = new ArrayList<>(List.of(Cidr.parse("2001:db8::/32"), Cidr.parse("10.0.0.0/16"),
                Cidr.parse("::/0"), Cidr.parse("10.0.0.0/8"), Cidr.parse("9.0.0.0/8"), Cidr.parse("255.255.255.255")));
        Collections.sort(cidrs);
        assertThat(cidrs).map(Cidr::toString).containsExactly(
                "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "255.255.255.255/32", "::/0", "2001:db8::/32");
    }

    @Test
    void equalityIsByValue() {
        assertThat(Cidr.parse("10.0.0.1"))
                .isEqualTo(Cidr.parse("10.0.0.1/32"))
                .isEqualTo(Cidr.parse("::ffff:10.0.0.1"))
                .hasSameHashCodeAs(Cidr.parse("10.0.0.1/32"))
                .isNotEqualTo(Cidr.parse("10.0.0.0/8"))
                .isNotEqualTo(Cidr.parse("::a00:1"));
        assertThat(Cidr.parse("10.0.0.0/8")).isNotEqualTo(Cidr.parse("10.0.0.0/9"));
    }

    /** A raw IPv6 address, even for mapped literals that InetAddress.getByName turns into IPv4. */
    static Inet6Address ipv6(String literal) throws Exception {
        byte[] bytes = InetAddress.getByName(literal).getAddress(); // a literal, so no lookup
        if (bytes.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return Inet6Address.getByAddress(null, bytes, -1);
    }
}
