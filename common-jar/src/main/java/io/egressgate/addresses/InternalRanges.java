package io.egressgate.addresses;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The networks that are never allowlisted and never routed to a gateway (DESIGN.md's one list): every
 * range the IANA IPv4 and IPv6 special-purpose address registries mark as not globally reachable,
 * except the documentation ranges 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32,
 * which stay public so that tests and examples can use them. Operators may add ranges; nothing can
 * take a listed range away.
 *
 * <p>IPv6 addresses that carry an IPv4 address are judged by it: the IPv4-mapped {@code ::ffff:0:0/96}
 * becomes IPv4 when parsed ({@link Cidr}), and for NAT64 {@code 64:ff9b::/96} and 6to4 {@code 2002::/16}
 * the list holds the image of every internal IPv4 range (e.g. {@code 64:ff9b::a00:0/104} for
 * 10.0.0.0/8), so that {@code 64:ff9b::a00:1} is internal, {@code 64:ff9b::c000:207} (192.0.2.7)
 * public, and {@code 64:ff9b::/96} as a whole (all of IPv4) is refused.
 */
public final class InternalRanges {

    private static final String OPERATOR_PURPOSE = "added by the operator";
    /** IPv6 prefixes that embed an IPv4 address right after themselves. */
    private static final List<Embedding> EMBEDDINGS = List.of(
            new Embedding(Cidr.parse("64:ff9b::/96"), "NAT64 form (RFC 6052)"),
            new Embedding(Cidr.parse("2002::/16"), "6to4 form (RFC 3056)"));
    private static final InternalRanges DEFAULTS = new InternalRanges(defaultPurposes(), Set.of());

    /** The listed ranges (built in and the operator's) with why each is internal. */
    private final Map<Cidr, String> listed;
    private final Set<Cidr> extra;
    /** The listed ranges and their NAT64 and 6to4 images. */
    private final Map<Cidr, String> purposes;
    private final List<Cidr> ipv4;
    private final List<Cidr> ipv6;
    private final List<Cidr> publicIpv4;
    private final List<Cidr> publicIpv6;
    private final Intervals ipv4Intervals;
    private final Intervals ipv6Intervals;

    private InternalRanges(Map<Cidr, String> listed, Set<Cidr> extra) {
        this.listed = Collections.unmodifiableMap(new TreeMap<>(listed));
        this.extra = Collections.unmodifiableSet(new TreeSet<>(extra));
        Map<Cidr, String> all = new TreeMap<>(this.listed);
        this.listed.forEach((range, purpose) -> {
            if (!range.isIpv6()) {
                EMBEDDINGS.forEach(embedding -> all.putIfAbsent(embedding.imageOf(range),
                        "the " + embedding.name + " of " + range + ", " + purpose));
            }
        });
        this.purposes = Collections.unmodifiableMap(all);
        this.ipv4 = purposes.keySet().stream().filter(cidr -> !cidr.isIpv6()).toList();
        this.ipv6 = purposes.keySet().stream().filter(Cidr::isIpv6).toList();
        this.publicIpv4 = IpRange.complement(ipv4, false);
        this.publicIpv6 = IpRange.complement(ipv6, true);
        this.ipv4Intervals = new Intervals(ipv4);
        this.ipv6Intervals = new Intervals(ipv6);
    }

    private static Map<Cidr, String> defaultPurposes() {
        Map<Cidr, String> purposes = new LinkedHashMap<>();
        purposes.put(Cidr.parse("0.0.0.0/8"), "\"this\" network, RFC 791");
        purposes.put(Cidr.parse("10.0.0.0/8"), "private network, RFC 1918");
        purposes.put(Cidr.parse("100.64.0.0/10"), "carrier-grade NAT, RFC 6598");
        purposes.put(Cidr.parse("127.0.0.0/8"), "loopback, RFC 1122");
        purposes.put(Cidr.parse("169.254.0.0/16"), "link-local, RFC 3927");
        purposes.put(Cidr.parse("172.16.0.0/12"), "private network, RFC 1918");
        purposes.put(Cidr.parse("192.0.0.0/24"), "IETF protocol assignments, RFC 6890");
        // No longer in the registry's reachable list; a relay there would tunnel to any IPv6 destination.
        purposes.put(Cidr.parse("192.88.99.0/24"), "6to4 relay anycast, deprecated by RFC 7526");
        purposes.put(Cidr.parse("192.168.0.0/16"), "private network, RFC 1918");
        purposes.put(Cidr.parse("198.18.0.0/15"), "benchmarking, RFC 2544");
        purposes.put(Cidr.parse("224.0.0.0/4"), "multicast, RFC 5771");
        purposes.put(Cidr.parse("240.0.0.0/4"), "reserved, RFC 1112, includes the limited broadcast 255.255.255.255");
        purposes.put(Cidr.parse("::/128"), "unspecified address, RFC 4291");
        purposes.put(Cidr.parse("::1/128"), "loopback, RFC 4291");
        purposes.put(Cidr.parse("::/96"), "IPv4-compatible, deprecated by RFC 4291");
        // Cidr.parse would turn this into 0.0.0.0/0, hence built raw.
        purposes.put(Cidr.exact(BigInteger.valueOf(0xffff).shiftLeft(32), 96, true),
                "IPv4-mapped, RFC 4291; such addresses are judged by their embedded IPv4 address");
        purposes.put(Cidr.parse("::ffff:0:0:0/96"), "IPv4-translated, RFC 2765");
        purposes.put(Cidr.parse("64:ff9b:1::/48"), "local-use IPv4/IPv6 translation, RFC 8215");
        purposes.put(Cidr.parse("100::/64"), "discard-only, RFC 6666");
        purposes.put(Cidr.parse("100:0:0:1::/64"), "dummy prefix, RFC 9780");
        // The whole block, including its few reachable services (anycast relays, AMT, AS112, ORCHIDv2):
        // relays and tunnels are ways around an egress allowlist, not destinations for one.
        purposes.put(Cidr.parse("2001::/23"), "IETF protocol assignments, RFC 2928");
        purposes.put(Cidr.parse("2001::/32"), "Teredo, RFC 4380");
        purposes.put(Cidr.parse("2001:2::/48"), "benchmarking, RFC 5180");
        purposes.put(Cidr.parse("2001:10::/28"), "ORCHID, RFC 4843, deprecated");
        purposes.put(Cidr.parse("3fff::/20"), "documentation, RFC 9637");
        purposes.put(Cidr.parse("5f00::/16"), "segment routing (SRv6) SIDs, RFC 9602");
        purposes.put(Cidr.parse("fc00::/7"), "unique local, RFC 4193");
        purposes.put(Cidr.parse("fe80::/10"), "link-local, RFC 4291");
        purposes.put(Cidr.parse("ff00::/8"), "multicast, RFC 4291");
        return purposes;
    }

    public static InternalRanges defaults() {
        return DEFAULTS;
    }

    /** These ranges plus {@code extra}, each "added by the operator"; the list is never shrunk. */
    public InternalRanges withExtra(Collection<Cidr> extra) {
        return withExtra(extra, OPERATOR_PURPOSE);
    }

    /** These ranges plus {@code extra}, each internal for {@code purpose}; the list is never shrunk. */
    public InternalRanges withExtra(Collection<Cidr> extra, String purpose) {
        Map<Cidr, String> extended = new LinkedHashMap<>(listed);
        Set<Cidr> added = new TreeSet<>(this.extra);
        for (Cidr cidr : extra) {
            if (extended.putIfAbsent(cidr, purpose) == null) {
                added.add(cidr);
            }
        }
        return new InternalRanges(extended, added);
    }

    /** The ranges added to the built-in list, sorted. */
    public List<Cidr> extra() {
        return List.copyOf(extra);
    }

    /** IPv4 internal ranges, sorted. */
    public List<Cidr> ipv4() {
        return ipv4;
    }

    /** IPv6 internal ranges, sorted; includes the raw {@code ::ffff:0:0/96} and the NAT64 and 6to4 images. */
    public List<Cidr> ipv6() {
        return ipv6;
    }

    /** IPv4 then IPv6, sorted. */
    public List<Cidr> all() {
        List<Cidr> all = new ArrayList<>(ipv4);
        all.addAll(ipv6);
        return List.copyOf(all);
    }

    /** Whether the address is internal; a mapped IPv6 address is judged by its embedded IPv4. */
    public boolean isInternal(InetAddress address) {
        return overlapping(Cidr.host(address)).isPresent();
    }

    /**
     * An internal range that shares any address with {@code cidr}: the narrowest one holding all of it
     * (its purpose explains the most), otherwise the first one touched in sorted order.
     */
    public Optional<Cidr> overlapping(Cidr cidr) {
        if (!(cidr.isIpv6() ? ipv6Intervals : ipv4Intervals).touch(cidr)) {
            return Optional.empty(); // the common case, answered without walking the list
        }
        List<Cidr> sameFamily = cidr.isIpv6() ? ipv6 : ipv4;
        Optional<Cidr> holding = sameFamily.stream().filter(range -> range.contains(cidr))
                .max(Comparator.comparingInt(Cidr::prefixLength));
        return holding.isPresent() ? holding : sameFamily.stream().filter(cidr::overlaps).findFirst();
    }

    /** Everything of one family that is not internal, as the minimal sorted CIDR list routes need. */
    public List<Cidr> publicRanges(boolean ipv6) {
        return ipv6 ? publicIpv6 : publicIpv4;
    }

    /** Why an internal range is internal; empty for a CIDR that is not one of the ranges. */
    String purposeOf(Cidr internalRange) {
        return purposes.getOrDefault(internalRange, "");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InternalRanges ranges && purposes.keySet().equals(ranges.purposes.keySet());
    }

    @Override
    public int hashCode() {
        return purposes.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "InternalRanges" + listed.keySet();
    }

    /** An IPv6 prefix followed directly by an IPv4 address (RFC 6052's /96, RFC 3056's /16). */
    private record Embedding(Cidr prefix, String name) {

        /** The IPv6 network whose embedded IPv4 addresses are exactly {@code ipv4Range}. */
        Cidr imageOf(Cidr ipv4Range) {
            int shift = 128 - prefix.prefixLength() - 32;
            return Cidr.exact(prefix.firstValue().or(ipv4Range.firstValue().shiftLeft(shift)),
                    prefix.prefixLength() + ipv4Range.prefixLength(), true);
        }
    }

    /** The ranges merged into disjoint sorted intervals: whether anything is touched, by binary search. */
    private static final class Intervals {
        private final BigInteger[] firsts;
        private final BigInteger[] lasts;

        Intervals(List<Cidr> sorted) {
            List<BigInteger> firstList = new ArrayList<>();
            List<BigInteger> lastList = new ArrayList<>();
            for (Cidr range : sorted) { // sorted by first address, so merging needs one pass
                int end = lastList.size() - 1;
                if (end >= 0 && range.firstValue().compareTo(lastList.get(end).add(BigInteger.ONE)) <= 0) {
                    lastList.set(end, lastList.get(end).max(range.lastValue()));
                } else {
                    firstList.add(range.firstValue());
                    lastList.add(range.lastValue());
                }
            }
            firsts = firstList.toArray(BigInteger[]::new);
            lasts = lastList.toArray(BigInteger[]::new);
        }

        boolean touch(Cidr cidr) {
            int found = Arrays.binarySearch(firsts, cidr.lastValue());
            int candidate = found >= 0 ? found : -found - 2; // the last interval starting at or before cidr's end
            return candidate >= 0 && lasts[candidate].compareTo(cidr.firstValue()) >= 0;
        }
    }
}
