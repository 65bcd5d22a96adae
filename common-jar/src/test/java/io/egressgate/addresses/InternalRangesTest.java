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
    void holdsEveryRangeTheRegistriesMarkNotGloballyReachableButTheDocumentationRanges() {
        assertThat(defaults.ipv4()).map(Cidr::toString).containsExactly(
                "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
                "172.16.0.0/12", "192.0.0.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
                "224.0.0.0/4", "240.0.0.0/4");
        assertThat(defaults.ipv6()).map(Cidr::toString).filteredOn(text -> !isImage(text)).containsExactly(
                "::/96", "::/128", "::1/128", "::ffff:0:0/96", "::ffff:0:0:0/96", "64:ff9b:1::/48", "100::/64",
                "100:0:0:1::/64", "2001::/23", "2001::/32", "2001:2::/48", "2001:10::/28", "3fff::/20", "5f00::/16",
                "fc00::/7", "fe80::/10", "ff00::/8");
        assertThat(defaults.ipv6()).allMatch(Cidr::isIpv6);
        assertThat(defaults.all()).hasSize(12 + 17 + 2 * 12).startsWith(defaults.ipv4().toArray(Cidr[]::new))
                .endsWith(defaults.ipv6().toArray(Cidr[]::new));
        for (String documentation : List.of("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")) {
            assertThat(defaults.overlapping(Cidr.parse(documentation))).as(documentation).isEmpty();
        }
    }

    @Test
    void nat64And6to4HoldTheImageOfEveryInternalIpv4Range() {
        assertThat(defaults.ipv6()).map(Cidr::toString).filteredOn(text -> text.startsWith("64:ff9b::")).containsExactly(
                "64:ff9b::/104", "64:ff9b::a00:0/104", "64:ff9b::6440:0/106", "64:ff9b::7f00:0/104",
                "64:ff9b::a9fe:0/112", "64:ff9b::ac10:0/108", "64:ff9b::c000:0/120", "64:ff9b::c058:6300/120",
                "64:ff9b::c0a8:0/112", "64:ff9b::c612:0/111", "64:ff9b::e000:0/100", "64:ff9b::f000:0/100");
        assertThat(defaults.ipv6()).map(Cidr::toString).filteredOn(text -> text.startsWith("2002:")).contains(
                "2002::/24", "2002:a00::/24", "2002:c0a8::/32", "2002:c612::/31", "2002:f000::/20").hasSize(12);
        InternalRanges extended = defaults.withExtra(List.of(Cidr.parse("203.0.113.0/24")));
        assertThat(extended.overlapping(Cidr.parse("64:ff9b::cb00:7107"))).map(Cidr::toString).contains("64:ff9b::cb00:7100/120");
        assertThat(extended.overlapping(Cidr.parse("2002:cb00:7107::1"))).map(Cidr::toString).contains("2002:cb00:7100::/40");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "64:ff9b::a00:1", "64:ff9b::7f00:1", "64:ff9b::ffff:ffff", "64:ff9b:1::1", "64:ff9b:1:ffff::1",
        "2002:a00:1::1", "2002:c0a8:101::1", "2002:7f00:1:ffff::1", "::10.0.0.1", "::203.0.113.7",
        "::ffff:0:10.0.0.1", "::ffff:0:203.0.113.7", "2001::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "198.18.0.1", "198.19.255.255", "192.0.0.1", "192.0.0.170", "192.88.99.1", "2001:2::1", "2001:10::1",
        "2001:1::1", "100::1", "3fff::1", "5f00::1",
    })
    void addressesThatEmbedOrReachInternalAddressesAreInternal(String literal) throws Exception {
        assertThat(defaults.isInternal(InetAddress.getByName(literal))).isTrue();
        assertThat(defaults.overlapping(Cidr.parse(literal))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "64:ff9b::c000:207", "64:ff9b::203.0.113.7", "64:ff9b::808:808", "2002:c000:207::1", "2002:808:808::1",
        "2002:cb00:7107:1:2:3:4:5", "198.17.255.255", "198.20.0.0", "192.0.1.0", "192.88.98.255", "2001:200::1",
    })
    void addressesThatEmbedPublicIpv4AddressesArePublic(String literal) throws Exception {
        assertThat(defaults.isInternal(InetAddress.getByName(literal))).isFalse();
        assertThat(defaults.overlapping(Cidr.parse(literal))).isEmpty();
    }

    @Test
    void aCidrInsideNat64Or6to4IsJudgedByItsEmbeddedIpv4Range() {
        assertThat(defaults.overlapping(Cidr.parse("64:ff9b::/96"))).isPresent(); // all of IPv4
        assertThat(defaults.overlapping(Cidr.parse("2002::/16"))).isPresent();
        assertThat(defaults.overlapping(Cidr.parse("64:ff9b::a00:0/120"))).map(Cidr::toString).contains("64:ff9b::a00:0/104");
        assertThat(defaults.overlapping(Cidr.parse("64:ff9b::800:0/102"))).map(Cidr::toString).contains("64:ff9b::a00:0/104");
        assertThat(defaults.overlapping(Cidr.parse("64:ff9b::c000:200/120"))).isEmpty(); // 192.0.2.0/24
        assertThat(defaults.overlapping(Cidr.parse("64:ff9b::800:0/104"))).isEmpty(); // 8.0.0.0/8
        assertThat(defaults.overlapping(Cidr.parse("2002:800::/24"))).isEmpty();
        assertThat(defaults.overlapping(Cidr.parse("2002:a00::/32"))).map(Cidr::toString).contains("2002:a00::/24");
    }

    private static boolean isImage(String cidr) {
        return cidr.startsWith("64:ff9b::") || cidr.startsWith("2002:");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.255", "127.0.0.1",
        "169.254.169.254", "172.16.0.1", "172.20.1.1", "172.31.255.255", "192.168.1.1", "224.0.0.1",
        "239.255.255.255", "240.0.0.1", "255.255.255.255",
        "::", "::1", "::2", "fc00::1", "fd12:3456::1", "fe80::1", "febf:ffff::1", "ff02::1", "ffff::1",
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
        "2001:db8::1", "2606:4700::1111", "fec0::1", "fbff:ffff::1", "fe7f::1", "::ffff:203.0.113.7",
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
    void overlappingNamesTheNarrowestRangeHoldingTheCidrElseTheFirstTouched() {
        assertThat(defaults.overlapping(Cidr.parse("::1"))).contains(Cidr.parse("::1/128"));
        assertThat(defaults.overlapping(Cidr.parse("2001::1"))).contains(Cidr.parse("2001::/32"));
        assertThat(defaults.overlapping(Cidr.parse("2001:1::1"))).contains(Cidr.parse("2001::/23"));
        assertThat(defaults.overlapping(Cidr.parse("172.0.0.0/8"))).contains(Cidr.parse("172.16.0.0/12"));
        assertThat(defaults.overlapping(Cidr.parse("0.0.0.0/0"))).contains(Cidr.parse("0.0.0.0/8"));
        assertThat(defaults.overlapping(Cidr.parse("::/0"))).contains(Cidr.parse("::/96"));
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
                "174.0.0.0/7", "176.0.0.0/4", "192.0.1.0/24", "192.0.2.0/23", "192.0.4.0/22", "192.0.8.0/21",
                "192.0.16.0/20", "192.0.32.0/19", "192.0.64.0/18", "192.0.128.0/17", "192.1.0.0/16", "192.2.0.0/15",
                "192.4.0.0/14", "192.8.0.0/13", "192.16.0.0/12", "192.32.0.0/11", "192.64.0.0/12", "192.80.0.0/13",
                "192.88.0.0/18", "192.88.64.0/19", "192.88.96.0/23", "192.88.98.0/24", "192.88.100.0/22",
                "192.88.104.0/21", "192.88.112.0/20", "192.88.128.0/17", "192.89.0.0/16", "192.90.0.0/15",
                "192.92.0.0/14", "192.96.0.0/11", "192.128.0.0/11", "192.160.0.0/13", "192.169.0.0/16",
                "192.170.0.0/15", "192.172.0.0/14", "192.176.0.0/12", "192.192.0.0/10", "193.0.0.0/8", "194.0.0.0/7",
                "196.0.0.0/7", "198.0.0.0/12", "198.16.0.0/15", "198.20.0.0/14", "198.24.0.0/13", "198.32.0.0/11",
                "198.64.0.0/10", "198.128.0.0/9", "199.0.0.0/8", "200.0.0.0/5", "208.0.0.0/4");
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
        assertThat(publicIpv6).contains(Cidr.parse("2003::/16"), Cidr.parse("2400::/6"), Cidr.parse("fec0::/10"));
        assertThat(publicIpv6).anyMatch(cidr -> cidr.contains(Cidr.parse("2606:4700::/32")));
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
