package io.egressgate.addresses;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The internal list against its own definition: an IPv6 address or network that embeds IPv4 (NAT64's
 * 64:ff9b::/96, 6to4's 2002::/16) is internal exactly when the embedded IPv4 is, with the built-in list
 * and with an operator's extra ranges; and the public ranges the route manager routes are exactly
 * what is not internal.
 */
class InternalRangesPropertyTest {

    private static final BigInteger NAT64 = Cidr.parse("64:ff9b::/96").firstValue();
    private static final BigInteger SIX_TO_FOUR = Cidr.parse("2002::/16").firstValue();

    @Property(tries = 400)
    void aNat64CidrIsInternalExactlyWhenItsEmbeddedIpv4RangeIs(@ForAll("ipv4Cidrs") Cidr ipv4,
                                                               @ForAll("lists") InternalRanges internal) {
        Cidr nat64 = Cidr.exact(NAT64.or(ipv4.firstValue()), 96 + ipv4.prefixLength(), true);
        assertThat(internal.overlapping(nat64).isPresent()).as("%s for %s", nat64, ipv4)
                .isEqualTo(internal.overlapping(ipv4).isPresent());
    }

    @Property(tries = 400)
    void a6to4CidrIsInternalExactlyWhenItsEmbeddedIpv4RangeIs(@ForAll("ipv4Cidrs") Cidr ipv4,
                                                              @ForAll("lists") InternalRanges internal,
                                                              @ForAll("subnets") BigInteger subnetAndHost) {
        Cidr network = Cidr.exact(SIX_TO_FOUR.or(ipv4.firstValue().shiftLeft(80)), 16 + ipv4.prefixLength(), true);
        Cidr host = Cidr.exact(network.firstValue().or(ipv4.isHost() ? subnetAndHost : BigInteger.ZERO), 128, true);
        boolean embeddedInternal = internal.overlapping(ipv4).isPresent();
        assertThat(internal.overlapping(network).isPresent()).as("%s for %s", network, ipv4).isEqualTo(embeddedInternal);
        if (ipv4.isHost()) {
            assertThat(internal.overlapping(host).isPresent()).as("%s for %s", host, ipv4).isEqualTo(embeddedInternal);
        }
    }

    @Property(tries = 400)
    void anAddressIsRoutedToTheGatewayExactlyWhenItIsNotInternal(@ForAll("addresses") Cidr address,
                                                                 @ForAll("lists") InternalRanges internal) {
        boolean routed = internal.publicRanges(address.isIpv6()).stream().anyMatch(range -> range.contains(address));
        assertThat(routed).as("%s", address).isEqualTo(internal.overlapping(address).isEmpty());
    }

    @Property(tries = 300)
    void overlappingNamesARangeThatReallyOverlaps(@ForAll("anyCidrs") Cidr cidr) {
        InternalRanges internal = InternalRanges.defaults();
        internal.overlapping(cidr).ifPresentOrElse(range -> assertThat(range.overlaps(cidr)).isTrue(),
                () -> assertThat(internal.all()).noneMatch(cidr::overlaps));
    }

    @Provide
    Arbitrary<InternalRanges> lists() {
        return Arbitraries.oneOf(Arbitraries.just(InternalRanges.defaults()),
                IpRangePropertyTest.cidrsOf(false).filter(c -> c.prefixLength() >= 8).list().ofMaxSize(4)
                        .map(extra -> InternalRanges.defaults().withExtra(extra)));
    }

    @Provide
    Arbitrary<Cidr> ipv4Cidrs() {
        return IpRangePropertyTest.cidrsOf(false);
    }

    @Provide
    Arbitrary<BigInteger> subnets() {
        return Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(80).subtract(BigInteger.ONE));
    }

    @Provide
    Arbitrary<Cidr> addresses() {
        Arbitrary<Cidr> anywhere = Arbitraries.of(false, true).flatMap(ipv6 -> IpRangePropertyTest.addressesOf(ipv6)
                .map(value -> Cidr.exact(value, ipv6 ? 128 : 32, ipv6)));
        // most of IPv6 is public: aim at the special ranges too
        Arbitrary<Cidr> nearSpecial = Arbitraries.of(List.copyOf(InternalRanges.defaults().all()))
                .flatMap(range -> IpRangePropertyTest.addressesOf(range.isIpv6()).map(noise -> {
                    int bits = range.isIpv6() ? 128 : 32;
                    int keep = Math.max(0, range.prefixLength() - 2); // sometimes just outside
                    BigInteger value = range.firstValue().andNot(Cidr.hostMask(keep, range.isIpv6()))
                            .or(noise.and(Cidr.hostMask(keep, range.isIpv6())));
                    return Cidr.exact(value, bits, range.isIpv6());
                }));
        return Arbitraries.oneOf(anywhere, nearSpecial);
    }

    @Provide
    Arbitrary<Cidr> anyCidrs() {
        return Arbitraries.of(false, true).flatMap(IpRangePropertyTest::cidrsOf);
    }
}
