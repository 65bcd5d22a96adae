package io.egressgate.route.routes;

import io.egressgate.addresses.Cidr;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Interval arithmetic on plain numbers, written independently of common-jar's IpRange so that the
 * tests do not check the complement with the code that computed it.
 */
final class AddressSpace {

    record Interval(BigInteger first, BigInteger last) {
        BigInteger size() {
            return last.subtract(first).add(BigInteger.ONE);
        }
    }

    private AddressSpace() {
    }

    static int bits(boolean ipv6) {
        return ipv6 ? 128 : 32;
    }

    static BigInteger size(boolean ipv6) {
        return BigInteger.ONE.shiftLeft(bits(ipv6));
    }

    static BigInteger number(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    static Interval interval(Cidr cidr) {
        BigInteger first = number(cidr.address());
        BigInteger hostCount = BigInteger.ONE.shiftLeft(bits(cidr.isIpv6()) - cidr.prefixLength());
        return new Interval(first, first.add(hostCount).subtract(BigInteger.ONE));
    }

    /** The parent block one bit shorter: the block a minimal cover would have used instead. */
    static Interval parent(Cidr cidr) {
        int parentBits = bits(cidr.isIpv6()) - cidr.prefixLength() + 1;
        BigInteger first = number(cidr.address()).shiftRight(parentBits).shiftLeft(parentBits);
        return new Interval(first, first.add(BigInteger.ONE.shiftLeft(parentBits)).subtract(BigInteger.ONE));
    }

    static boolean overlap(Interval a, Interval b) {
        return a.first.compareTo(b.last) <= 0 && b.first.compareTo(a.last) <= 0;
    }

    /** Overlapping or adjacent intervals merged, sorted. */
    static List<Interval> union(List<Cidr> cidrs) {
        List<Interval> sorted = new ArrayList<>(cidrs.stream().map(AddressSpace::interval).toList());
        sorted.sort(Comparator.comparing(Interval::first));
        List<Interval> merged = new ArrayList<>();
        for (Interval next : sorted) {
            if (!merged.isEmpty() && merged.get(merged.size() - 1).last.add(BigInteger.ONE).compareTo(next.first) >= 0) {
                Interval last = merged.remove(merged.size() - 1);
                merged.add(new Interval(last.first, last.last.max(next.last)));
            } else {
                merged.add(next);
            }
        }
        return merged;
    }

    static BigInteger total(List<Interval> intervals) {
        return intervals.stream().map(Interval::size).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
