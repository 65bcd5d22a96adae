package io.egressgate.addresses;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The range arithmetic checked against an independent oracle: walking the binary prefix tree and
 * keeping every maximal block, which is the unique minimal CIDR cover of any address set.
 */
class IpRangePropertyTest {

    @Property(tries = 300)
    void complementAndExcludedTileTheWholeSpaceWithoutOverlap(@ForAll("exclusions") Family family) {
        List<Cidr> complement = IpRange.complement(family.cidrs(), family.ipv6());

        assertThat(complement).isSorted();
        assertThat(complement).allMatch(cidr -> cidr.isIpv6() == family.ipv6());
        assertThat(complement).noneMatch(cidr -> family.cidrs().stream().anyMatch(cidr::overlaps));
        List<Cidr> union = new ArrayList<>(complement);
        union.addAll(family.cidrs());
        assertThat(coveredAddresses(union, family.ipv6())).isEqualTo(BigInteger.ONE.shiftLeft(bits(family.ipv6())));
        assertNoOverlapsAndNothingMergeable(complement);
    }

    @Property(tries = 300)
    void complementIsTheMinimalCover(@ForAll("exclusions") Family family) {
        List<Cidr> expected = new ArrayList<>();
        maximalBlocksOutside(family.cidrs(), BigInteger.ZERO, 0, family.ipv6(), expected);
        assertThat(IpRange.complement(family.cidrs(), family.ipv6())).isEqualTo(expected);
    }

    @Property(tries = 500)
    void toCidrsCoversTheRangeExactlyAndMinimally(@ForAll("ranges") IpRange range) {
        List<Cidr> cidrs = range.toCidrs();

        assertThat(cidrs.get(0).firstValue()).isEqualTo(range.first());
        assertThat(cidrs.get(cidrs.size() - 1).lastValue()).isEqualTo(range.last());
        for (int i = 1; i < cidrs.size(); i++) {
            assertThat(cidrs.get(i).firstValue()).isEqualTo(cidrs.get(i - 1).lastValue().add(BigInteger.ONE));
        }
        assertNoOverlapsAndNothingMergeable(cidrs);
        List<Cidr> expected = new ArrayList<>();
        maximalBlocksInside(range, BigInteger.ZERO, 0, expected);
        assertThat(cidrs).isEqualTo(expected);
    }

    @Property(tries = 500)
    void canonicalTextParsesBackToTheSameCidr(@ForAll("cidrs") Cidr cidr) {
        boolean rawMapped = cidr.isIpv6() && cidr.prefixLength() >= 96
                && cidr.firstValue().shiftRight(32).equals(BigInteger.valueOf(0xffff));
        if (!rawMapped) {
            assertThat(Cidr.parse(cidr.toString())).isEqualTo(cidr);
        }
    }

    @Property(tries = 500)
    void canonicalTextMeansTheSameAddressToTheJdk(@ForAll("cidrs") Cidr cidr) throws Exception {
        String literal = cidr.toString().substring(0, cidr.toString().indexOf('/'));
        byte[] jdk = InetAddress.getByName(literal).getAddress(); // a literal, so no lookup
        if (jdk.length == 16 || !cidr.isIpv6()) {
            assertThat(new BigInteger(1, jdk)).isEqualTo(cidr.firstValue());
        }
    }

    @Property(tries = 300)
    void uncompressedTextWithLeadingZerosParsesToTheSameIpv6Address(@ForAll("ipv6Values") BigInteger value) {
        StringBuilder text = new StringBuilder();
        for (int group = 7; group >= 0; group--) {
            text.append(String.format("%04X", value.shiftRight(16 * group).intValue() & 0xffff));
            text.append(group > 0 ? ":" : "");
        }
        Cidr parsed = Cidr.parse(text.toString());
        if (parsed.isIpv6()) {
            assertThat(parsed.firstValue()).isEqualTo(value);
        } else {
            assertThat(value.shiftRight(32)).isEqualTo(BigInteger.valueOf(0xffff));
        }
    }

    /** Either family, with a handful of CIDRs that may nest, touch or repeat. */
    record Family(boolean ipv6, List<Cidr> cidrs) {
    }

    @Provide
    Arbitrary<Family> exclusions() {
        return Arbitraries.of(false, true).flatMap(ipv6 ->
                cidrsOf(ipv6).list().ofMaxSize(12).map(cidrs -> new Family(ipv6, cidrs)));
    }

    @Provide
    Arbitrary<Cidr> cidrs() {
        return Arbitraries.of(false, true).flatMap(IpRangePropertyTest::cidrsOf);
    }

    @Provide
    Arbitrary<IpRange> ranges() {
        return Arbitraries.of(false, true).flatMap(ipv6 -> {
            Arbitrary<BigInteger> addresses = addressesOf(ipv6);
            return Combinators.combine(addresses, addresses).as((a, b) -> new IpRange(a.min(b), a.max(b), ipv6));
        });
    }

    @Provide
    Arbitrary<BigInteger> ipv6Values() {
        return addressesOf(true);
    }

    static Arbitrary<Cidr> cidrsOf(boolean ipv6) {
        int bits = bits(ipv6);
        // Short prefixes make excluded blocks large enough to nest and collide.
        Arbitrary<Integer> prefixes = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(0, 8)),
                Tuple.of(5, Arbitraries.integers().between(0, bits)));
        return Combinators.combine(addressesOf(ipv6), prefixes).as((address, prefix) ->
                Cidr.exact(address.andNot(Cidr.hostMask(prefix, ipv6)), prefix, ipv6));
    }

    /** Addresses with long runs of zero or one bits, where off-by-one errors live. */
    static Arbitrary<BigInteger> addressesOf(boolean ipv6) {
        BigInteger highest = Cidr.hostMask(0, ipv6);
        Arbitrary<BigInteger> uniform = Arbitraries.bigIntegers().between(BigInteger.ZERO, highest);
        Arbitrary<BigInteger> edgy = Combinators.combine(uniform, Arbitraries.integers().between(0, bits(ipv6)),
                Arbitraries.of(false, true)).as((random, lowBits, ones) -> {
                    BigInteger low = Cidr.hostMask(bits(ipv6) - lowBits, ipv6);
                    return ones ? random.or(low) : random.andNot(low);
                });
        return Arbitraries.oneOf(uniform, edgy);
    }

    private static int bits(boolean ipv6) {
        return ipv6 ? 128 : 32;
    }

    private static void assertNoOverlapsAndNothingMergeable(List<Cidr> sorted) {
        for (int i = 1; i < sorted.size(); i++) {
            Cidr previous = sorted.get(i - 1);
            Cidr next = sorted.get(i);
            assertThat(previous.lastValue()).isLessThan(next.firstValue());
            boolean siblings = previous.prefixLength() == next.prefixLength()
                    && previous.prefixLength() > 0
                    && previous.lastValue().add(BigInteger.ONE).equals(next.firstValue())
                    && !previous.firstValue().testBit(bits(previous.isIpv6()) - previous.prefixLength());
            assertThat(siblings).as("%s and %s could be one CIDR", previous, next).isFalse();
        }
    }

    private static BigInteger coveredAddresses(List<Cidr> cidrs, boolean ipv6) {
        List<Cidr> sorted = cidrs.stream().sorted(Comparator.comparing(Cidr::firstValue)).toList();
        BigInteger covered = BigInteger.ZERO;
        BigInteger next = BigInteger.ZERO;
        for (Cidr cidr : sorted) {
            BigInteger start = cidr.firstValue().max(next);
            BigInteger end = cidr.lastValue().add(BigInteger.ONE);
            if (end.compareTo(start) > 0) {
                covered = covered.add(end.subtract(start));
                next = end;
            }
        }
        return covered;
    }

    private static void maximalBlocksOutside(List<Cidr> excluded, BigInteger network, int prefix, boolean ipv6,
                                             List<Cidr> out) {
        Cidr block = Cidr.exact(network, prefix, ipv6);
        if (excluded.stream().anyMatch(cidr -> cidr.contains(block))) {
            return;
        }
        if (excluded.stream().noneMatch(block::overlaps)) {
            out.add(block);
            return;
        }
        BigInteger half = BigInteger.ONE.shiftLeft(bits(ipv6) - prefix - 1);
        maximalBlocksOutside(excluded, network, prefix + 1, ipv6, out);
        maximalBlocksOutside(excluded, network.add(half), prefix + 1, ipv6, out);
    }

    private static void maximalBlocksInside(IpRange range, BigInteger network, int prefix, List<Cidr> out) {
        Cidr block = Cidr.exact(network, prefix, range.ipv6());
        if (block.lastValue().compareTo(range.first()) < 0 || block.firstValue().compareTo(range.last()) > 0) {
            return;
        }
        if (block.firstValue().compareTo(range.first()) >= 0 && block.lastValue().compareTo(range.last()) <= 0) {
            out.add(block);
            return;
        }
        BigInteger half = BigInteger.ONE.shiftLeft(bits(range.ipv6()) - prefix - 1);
        maximalBlocksInside(range, network, prefix + 1, out);
        maximalBlocksInside(range, network.add(half), prefix + 1, out);
    }
}
