package io.egressgate.addresses;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InternalRangesTest {

    private final InternalRanges defaults = InternalRanges.defaults();

    @Test
    void holdsExactlyTheListOfTheDesign() {
        assertThat(defaults.ipv4()).map(Cidr::toString).containsExactly(
                "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4");
        assertThat(defaults.ipv6()).map(Cidr::toString).containsExactly(
                "::/128", "::1/128", "::ffff:0:0/96", "fc00::/7", "fe80::/10", "ff00::/8");
        assertThat(defaults.ipv6()).allMatch(Cidr::isIpv6);
        assertThat(defaults.all()).hasSize(15).startsWith(defaults.ipv4().toArray(Cidr[]::new))
                .endsWith(defaults.ipv6().toArray(Cidr[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.255", "127.0.0.1",
        "169.254.169.254", "172.16.0.1", "172.20.1.1", "172.31.255.255", "192.168.1.1", "224.0.0.1",
        "239.255.255.255", "240.0.0.1", "255.255.255.255",
        "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "febf:ffff::1", "ff02::1", "ffff::1",
        "::ffff:10.0.0.1", "::ffff:127.0.0.1",
    })
    void internalAddresses(String literal) throws Exception {
        assertThat(defaults.isInternal(InetAddress.getByName(literal))).isTrue(); // literals, never looked up
        assertThat(defaults.overlapping(Cidr.parse(literal))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1.1.1.1", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255", "128.0.0.0",
        "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "172.64.0.1", "172.128.0.1",
        "192.167.255.255", "192.169.0.0", "223.255.255.255", "192.0.2.1", "198.51.100.1", "203.0.113.1",
        "2001:db8::1", "2606:4700::1111", "::2", "fec0::1", "fbff:ffff::1", "fe7f::1", "::ffff:203.0.113.7",
    })
    void publicAddresses(String literal) throws Exception {
        assertThat(defaults.isInternal(InetAddress.getByName(literal))).isFalse();
        assertThat(defaults.overlapping(Cidr.parse(literal))).isEmpty();
    }

    @Test
    void aRawMappedIpv6AddressIsJudgedByItsEmbeddedIpv4() throws Exception {
        assertThat(defaults.isInternal(CidrTest.ipv6("::ffff:10.0.0.1"))).isTrue();
        assertThat(defaults.isInternal(CidrTest.ipv6("::ffff:203.0.113.7"))).isFalse();
    }

    @Test
    void overlappingNamesTheFirstInternalRangeTouched() {
        assertThat(defaults.overlapping(Cidr.parse("172.0.0.0/8"))).contains(Cidr.parse("172.16.0.0/12"));
        assertThat(defaults.overlapping(Cidr.parse("0.0.0.0/0"))).contains(Cidr.parse("0.0.0.0/8"));
        assertThat(defaults.overlapping(Cidr.parse("::/0"))).contains(Cidr.parse("::/128"));
        assertThat(defaults.overlapping(Cidr.parse("::fffe:0:0/95"))).map(Cidr::toString).contains("::ffff:0:0/96");
        assertThat(defaults.overlapping(Cidr.parse("172.64.0.0/10"))).isEmpty();
        assertThat(defaults.overlapping(Cidr.parse("172.128.0.0/9"))).isEmpty();
    }

    @Test
    void publicIpv4RangesAreTheExactComplement() {
        assertThat(defaults.publicRanges(false)).map(Cidr::toString).containsExactly(
                "1.0.0.0/8", "2.0.0.0/7", "4.0.0.0/6", "8.0.0.0/7", "11.0.0.0/8", "12.0.0.0/6", "16.0.0.0/4",
                "32.0.0.0/3", "64.0.0.0/3", "96.0.0.0/6", "100.0.0.0/10", "100.128.0.0/9", "101.0.0.0/8",
                "102.0.0.0/7", "104.0.0.0/5", "112.0.0.0/5", "120.0.0.0/6", "124.0.0.0/7", "126.0.0.0/8",
                "128.0.0.0/3", "160.0.0.0/5", "168.0.0.0/8", "169.0.0.0/9", "169.128.0.0/10", "169.192.0.0/11",
                "169.224.0.0/12", "169.240.0.0/13", "169.248.0.0/14", "169.252.0.0/15", "169.255.0.0/16",
                "170.0.0.0/7", "172.0.0.0/12", "172.32.0.0/11", "172.64.0.0/10", "172.128.0.0/9", "173.0.0.0/8",
                "174.0.0.0/7", "176.0.0.0/4", "192.0.0.0/9", "192.128.0.0/11", "192.160.0.0/13",
                "192.169.0.0/16", "192.170.0.0/15", "192.172.0.0/14", "192.176.0.0/12", "192.192.0.0/10",
                "193.0.0.0/8", "194.0.0.0/7", "196.0.0.0/6", "200.0.0.0/5", "208.0.0.0/4");
        BigInteger internalSize = BigInteger.ZERO;
        for (Cidr cidr : defaults.ipv4()) {
            internalSize = internalSize.add(size(cidr));
        }
        BigInteger publicSize = defaults.publicRanges(false).stream().map(InternalRangesTest::size)
                .reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(publicSize.add(internalSize)).isEqualTo(BigInteger.ONE.shiftLeft(32));
    }

    @Test
    void publicRangesIncludeWhatAHandTableMissed() {
        assertThat(defaults.publicRanges(false)).contains(Cidr.parse("172.64.0.0/10"), Cidr.parse("172.128.0.0/9"));
    }

    @Test
    void publicIpv6RangesRouteTheInternetButNoInternalRange() {
        List<Cidr> publicIpv6 = defaults.publicRanges(true);
        assertThat(publicIpv6).isSorted().allMatch(Cidr::isIpv6);
        assertThat(publicIpv6).contains(Cidr.parse("2000::/3"), Cidr.parse("::2/127"), Cidr.parse("fec0::/10"));
        assertThat(publicIpv6).anyMatch(cidr -> cidr.contains(Cidr.parse("2001:db8::/32")));
        assertThat(publicIpv6).noneMatch(cidr -> defaults.ipv6().stream().anyMatch(cidr::overlaps));
        assertThat(IpRange.complement(publicIpv6, true)).isEqualTo(IpRange.complement(
                IpRange.complement(defaults.ipv6(), true), true));
    }

    @Test
    void extraRangesExtendTheListAndItsComplement() {
        InternalRanges extended = defaults.withExtra(List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("2001:db8::/32")));

        assertThat(extended.ipv4()).contains(Cidr.parse("203.0.113.0/24")).containsAll(defaults.ipv4());
        assertThat(extended.ipv6()).contains(Cidr.parse("2001:db8::/32")).containsAll(defaults.ipv6());
        assertThat(extended.ipv4()).isSorted();
        assertThat(extended.overlapping(Cidr.parse("203.0.113.7"))).contains(Cidr.parse("203.0.113.0/24"));
        assertThat(extended.publicRanges(false)).noneMatch(cidr -> cidr.overlaps(Cidr.parse("203.0.113.0/24")));
        assertThat(defaults.overlapping(Cidr.parse("203.0.113.7"))).isEmpty();
    }

    @Test
    void extraRangesNeverShrinkTheList() {
        assertThat(defaults.withExtra(List.of())).isEqualTo(defaults);
        assertThat(defaults.withExtra(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.1.0.0/16"))).ipv4())
                .containsAll(defaults.ipv4()).hasSize(defaults.ipv4().size() + 1);
    }

    private static BigInteger size(Cidr cidr) {
        return cidr.lastValue().subtract(cidr.firstValue()).add(BigInteger.ONE);
    }
}
