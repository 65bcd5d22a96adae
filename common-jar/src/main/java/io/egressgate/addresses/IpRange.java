package io.egressgate.addresses;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An inclusive range of IPv4 or IPv6 addresses, as numbers. Routes and firewall sets speak CIDR, so
 * ranges exist to be turned back into the fewest CIDRs that cover them exactly.
 */
public record IpRange(BigInteger first, BigInteger last, boolean ipv6) {

    public IpRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        BigInteger highest = Cidr.hostMask(0, ipv6);
        if (first.signum() < 0 || last.compareTo(highest) > 0 || first.compareTo(last) > 0) {
            throw new IllegalArgumentException("not a range of " + (ipv6 ? "IPv6" : "IPv4")
                    + " addresses: " + first + " to " + last);
        }
    }

    public static IpRange of(Cidr cidr) {
        return new IpRange(cidr.firstValue(), cidr.lastValue(), cidr.isIpv6());
    }

    /** The minimal list of CIDRs covering exactly this range, in address order. */
    public List<Cidr> toCidrs() {
        int bits = Cidr.addressBits(ipv6);
        List<Cidr> cidrs = new ArrayList<>();
        BigInteger next = first;
        while (next.compareTo(last) <= 0) {
            // The largest block aligned at 'next' that does not run past 'last'.
            int hostBits = next.signum() == 0 ? bits : next.getLowestSetBit();
            while (next.add(BigInteger.ONE.shiftLeft(hostBits)).subtract(BigInteger.ONE).compareTo(last) > 0) {
                hostBits--;
            }
            cidrs.add(Cidr.exact(next, bits - hostBits, ipv6));
            next = next.add(BigInteger.ONE.shiftLeft(hostBits));
        }
        return List.copyOf(cidrs);
    }

    /**
     * Every address of one family outside {@code excluded}, as a minimal, sorted list of CIDRs.
     * CIDRs of the other family in {@code excluded} do not touch this family's space and are ignored.
     */
    public static List<Cidr> complement(Collection<Cidr> excluded, boolean ipv6) {
        List<IpRange> ranges = excluded.stream()
                .filter(cidr -> cidr.isIpv6() == ipv6)
                .map(IpRange::of)
                .sorted(Comparator.comparing(IpRange::first))
                .toList();
        List<Cidr> gaps = new ArrayList<>();
        BigInteger next = BigInteger.ZERO;
        for (IpRange range : ranges) {
            if (range.first.compareTo(next) > 0) {
                gaps.addAll(new IpRange(next, range.first.subtract(BigInteger.ONE), ipv6).toCidrs());
            }
            next = next.max(range.last.add(BigInteger.ONE));
        }
        BigInteger highest = Cidr.hostMask(0, ipv6);
        if (next.compareTo(highest) <= 0) {
            gaps.addAll(new IpRange(next, highest, ipv6).toCidrs());
        }
        return List.copyOf(gaps);
    }
}
