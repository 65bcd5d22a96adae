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
    void holdsTheDesignsListAndEveryRangeIanaMarksNotGloballyReachable() {
        assertThat(defaults.ipv4()).map(Cidr::toString).containsExactly(
                "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4");
        assertThat(defaults.ipv6()).map(Cidr::toString).contains(
                "::/96", "::/128", "::1/128", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b:1::/48", "100::/64",
                "2001::/32", "2001:2::/48", "2001:10::/28", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "ff00::/8");
        assertThat(defaults.ipv6()).allMatch(Cidr::isIpv6);
        assertThat(defaults.all()).hasSize(defaults.ipv4().size() + defaults.ipv6().size())
                .startsWith(defaults.ipv4().toArray(Cidr[]::new)).endsWith(defaults.ipv6().toArray(Cidr[]::new));
    }

    @Test
    void everyInternalIpv4RangeIsInternalAlsoAsTheNat64And6to4AddressesThatEmbedIt() {
        for (Cidr range : defaults.ipv4()) {
            assertThat(defaults.ipv6()).as("NAT64 of %s", range).anySatisfy(c -> assertThat(c.prefixLength())
                    .isEqualTo(96 + range.prefixLength()));
        }
        assertThat(defaults.ipv6()).map(Cidr::toString).contains("64:ff9b::a00:0/104", "2002:a00::/24",
                "64:ff9b::c612:0/111", "2002:c612::/31");
        assertThat(defaults.withExtra(List.of(Cidr.parse("203.0.113.0/24"))).overlapping(Cidr.parse("64:ff9b::cb00:7107")))
                .as("an operator's IPv4 range is internal behind NAT64 too").isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.255", "127.0.0.1",
        "169.254.169.254", "172.16.0.1", "172.20.1.1", "172.31.255.255", "192.168.1.1", "224.0.0.1",
        "239.255.255.255", "240.0.0.1", "255.255.255.255",
        "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "febf:ffff::1", "ff02::1", "ffff::1",
        "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::2",
        // the examples: NAT64 and 6to4 judged by the embedded IPv4, IPv4-compatible, -translated, Teredo
        "64:ff9b::a00:1", "2002:a00:1::1", "::10.0.0.1", "::ffff:0:10.0.0.1", "198.18.0.1", "192.0.0.8",
        "2001::1", "64:ff9b:1::1", "100::1", "2001:2::1", "5f00::1", "3fff::1",
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
        "2001:db8::1", "2606:4700::1111", "fec0::1", "fbff:ffff::1", "fe7f::1", "::ffff:203.0.113.7",
        "64:ff9b::c000:207", "64:ff9b::808:808", "2002:cb00:7101::1", "198.17.255.255", "198.20.0.0", "192.0.1.255",
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
        assertThat(defaults.overlapping(Cidr.parse("::/0"))).contains(Cidr.parse("::/96"));
        assertThat(defaults.overlapping(Cidr.parse("::1"))).as("the narrowest holding range names it")
                .contains(Cidr.parse("::1/128"));
        assertThat(defaults.overlapping(Cidr.parse("64:ff9b::/96"))).as("all of IPv4 through NAT64").isPresent();
        assertThat(defaults.overlapping(Cidr.parse("::fffe:0:0/95"))).map(Cidr::toString).contains("::ffff:0:0/96");
        assertThat(defaults.overlapping(Cidr.parse("172.64.0.0/10"))).isEmpty();
        assertThat(defaults.overlapping(Cidr.parse("172.128.0.0/9"))).isEmpty();
    }

    @Test
    void publicIpv4RangesAreTheExactComplement() {
        assertThat(defaults.publicRanges(false)).hasSize(73).isSorted()
                .contains(Cidr.parse("1.0.0.0/8"), Cidr.parse("208.0.0.0/4"), Cidr.parse("192.0.1.0/24"),
                        Cidr.parse("192.0.2.0/23"), Cidr.parse("198.20.0.0/14"))
                .noneMatch(cidr -> defaults.ipv4().stream().anyMatch(cidr::overlaps));
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
        assertThat(publicIpv6).contains(Cidr.parse("2400::/6"), Cidr.parse("fec0::/10"));
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
