package io.egressgate.addresses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpRangeTest {

    private static final BigInteger TWO_TO_THE_32 = BigInteger.ONE.shiftLeft(32);

    @Test
    void ofCoversTheWholeNetwork() {
        IpRange range = IpRange.of(Cidr.parse("198.51.100.0/24"));
        assertThat(range.first()).isEqualTo(addressValue("198.51.100.0"));
        assertThat(range.last()).isEqualTo(addressValue("198.51.100.255"));
        assertThat(range.ipv6()).isFalse();
        assertThat(IpRange.of(Cidr.parse("::/0")).last()).isEqualTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
    }

    @Test
    void rejectsRangesOutsideTheAddressSpaceOrBackwards() {
        assertThatThrownBy(() -> new IpRange(BigInteger.TEN, BigInteger.ONE, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IpRange(BigInteger.valueOf(-1), BigInteger.ONE, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IpRange(BigInteger.ZERO, TWO_TO_THE_32, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new IpRange(BigInteger.ZERO, TWO_TO_THE_32, true).toCidrs()).isNotEmpty();
    }

    @Test
    void toCidrsSplitsAnUnalignedRangeIntoTheFewestBlocks() {
        IpRange range = new IpRange(addressValue("10.0.0.1"), addressValue("10.0.0.6"), false);
        assertThat(range.toCidrs()).map(Cidr::toString)
                .containsExactly("10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32");
    }

    @Test
    void toCidrsOfAnAlignedRangeIsOneCidr() {
        assertThat(IpRange.of(Cidr.parse("0.0.0.0/0")).toCidrs()).map(Cidr::toString).containsExactly("0.0.0.0/0");
        assertThat(IpRange.of(Cidr.parse("::/0")).toCidrs()).map(Cidr::toString).containsExactly("::/0");
        assertThat(IpRange.of(Cidr.parse("203.0.113.7")).toCidrs()).map(Cidr::toString).containsExactly("203.0.113.7/32");
    }

    @Test
    void toCidrsReachesTheTopOfTheAddressSpace() {
        IpRange range = new IpRange(addressValue("255.255.255.254"), addressValue("255.255.255.255"), false);
        assertThat(range.toCidrs()).map(Cidr::toString).containsExactly("255.255.255.254/31");
    }

    @Test
    void toCidrsInsideTheMappedSpaceStaysIpv6() {
        BigInteger mapped = BigInteger.valueOf(0xffff).shiftLeft(32);
        IpRange range = new IpRange(mapped, mapped.add(BigInteger.valueOf(0xffffffffL)), true);
        assertThat(range.toCidrs()).map(Cidr::toString).containsExactly("::ffff:0:0/96");
        assertThat(range.toCidrs().get(0).isIpv6()).isTrue();
    }

    @Test
    void complementOfNothingIsEverything() {
        assertThat(IpRange.complement(List.of(), false)).map(Cidr::toString).containsExactly("0.0.0.0/0");
        assertThat(IpRange.complement(List.of(), true)).map(Cidr::toString).containsExactly("::/0");
    }

    @Test
    void complementOfEverythingIsNothing() {
        assertThat(IpRange.complement(List.of(Cidr.parse("0.0.0.0/0")), false)).isEmpty();
        assertThat(IpRange.complement(List.of(Cidr.parse("::/0"), Cidr.parse("2001:db8::/32")), true)).isEmpty();
    }

    @Test
    void complementOfOneHalfIsTheOtherHalf() {
        assertThat(IpRange.complement(List.of(Cidr.parse("0.0.0.0/1")), false))
                .map(Cidr::toString).containsExactly("128.0.0.0/1");
    }

    @Test
    void complementIgnoresTheOtherFamily() {
        assertThat(IpRange.complement(List.of(Cidr.parse("::/0"), Cidr.parse("128.0.0.0/1")), false))
                .map(Cidr::toString).containsExactly("0.0.0.0/1");
        assertThat(IpRange.complement(List.of(Cidr.parse("0.0.0.0/0")), true))
                .map(Cidr::toString).containsExactly("::/0");
    }

    @Test
    void complementMergesOverlappingAndDuplicateExclusionsInAnyOrder() {
        List<Cidr> excluded = List.of(Cidr.parse("10.0.0.128/25"), Cidr.parse("10.0.0.0/24"),
                Cidr.parse("10.0.0.0/24"), Cidr.parse("10.0.1.0/24"), Cidr.parse("0.0.0.0/5"));
        List<Cidr> complement = IpRange.complement(excluded, false);
        assertThat(complement).map(Cidr::toString).startsWith("8.0.0.0/7", "10.0.2.0/23", "10.0.4.0/22");
        assertThat(complement).isSorted();
        assertThat(complement).noneMatch(cidr -> excluded.stream().anyMatch(cidr::overlaps));
    }

    private static BigInteger addressValue(String literal) {
        return Cidr.parse(literal).firstValue();
    }
}
