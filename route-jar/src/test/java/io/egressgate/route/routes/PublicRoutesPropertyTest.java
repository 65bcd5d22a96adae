package io.egressgate.route.routes;

import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PublicRoutesPropertyTest {

    private static final Gateway GATEWAY = Gateway.of(Cidr.parse("10.62.0.1").address());
    private static final Gateway GATEWAY6 = Gateway.of(Cidr.parse("fd62::1").address());

    @Property(tries = 300)
    void ipv4ComplementStaysExactAndMinimalWhateverTheOperatorAdds(
            @ForAll("ipv4Networks") @Size(max = 8) List<Cidr> extra) {
        InternalRanges internal = InternalRanges.defaults().withExtra(extra);

        List<Cidr> routes = PublicRoutes.via(GATEWAY, internal, null).stream().map(Route::destination).toList();

        PublicRoutesTest.assertExactMinimalComplement(routes, internal.ipv4(), false);
    }

    @Property(tries = 200)
    void ipv6ComplementStaysExactAndMinimalWhateverTheOperatorAdds(
            @ForAll("ipv6Networks") @Size(max = 6) List<Cidr> extra) {
        InternalRanges internal = InternalRanges.defaults().withExtra(extra);

        List<Cidr> routes = PublicRoutes.via(GATEWAY6, internal, null).stream().map(Route::destination).toList();

        PublicRoutesTest.assertExactMinimalComplement(routes, internal.ipv6(), true);
    }

    @Property(tries = 2000)
    void everyIpv4AddressIsEitherRoutedToTheGatewayOrInternalNeverBoth(@ForAll("ipv4Addresses") InetAddress address) {
        InternalRanges internal = InternalRanges.defaults();
        long routedBy = PublicRoutes.via(GATEWAY, internal, null).stream()
                .filter(route -> route.destination().contains(address)).count();

        assertThat(routedBy).isEqualTo(internal.isInternal(address) ? 0 : 1);
    }

    @Provide
    Arbitrary<List<Cidr>> ipv4Networks() {
        return networks(32).list();
    }

    @Provide
    Arbitrary<List<Cidr>> ipv6Networks() {
        return networks(128).list();
    }

    @Provide
    Arbitrary<InetAddress> ipv4Addresses() {
        return Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE))
                .map(number -> address(number, 32));
    }

    private static Arbitrary<Cidr> networks(int bits) {
        Arbitrary<BigInteger> numbers = Arbitraries.bigIntegers()
                .between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        // Short prefixes of the whole space are as interesting as host routes, so both ends are weighted.
        Arbitrary<Integer> prefixes = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, bits)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(bits - 8, bits)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 12)));
        return Combinators.combine(numbers, prefixes).as((number, prefix) -> {
            BigInteger network = number.shiftRight(bits - prefix).shiftLeft(bits - prefix);
            return Cidr.of(address(network, bits), prefix);
        });
    }

    private static InetAddress address(BigInteger number, int bits) {
        byte[] raw = number.toByteArray();
        byte[] bytes = new byte[bits / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
