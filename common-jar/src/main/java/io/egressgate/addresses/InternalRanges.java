package io.egressgate.addresses;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The networks that are never allowlisted and never routed to a gateway (DESIGN.md's one list).
 * Operators may add ranges; nothing can take a default range away.
 */
public final class InternalRanges {

    /** IPv6 prefixes whose addresses carry an IPv4 address: it decides whether they are internal. */
    private static final Map<Cidr, String> EMBEDDING_IPV4 = Map.of(
            Cidr.parse("64:ff9b::/96"), "NAT64 well-known prefix, RFC 6052",
            Cidr.parse("2002::/16"), "6to4, RFC 3056");

    private static final String OPERATOR_PURPOSE = "added by the operator";
    private static final InternalRanges DEFAULTS = new InternalRanges(defaultPurposes());

    /** Each internal range with why it is internal, for reasons people can act on. */
    private final Map<Cidr, String> purposes;
    private final List<Cidr> ipv4;
    private final List<Cidr> ipv6;
    private final List<Cidr> publicIpv4;
    private final List<Cidr> publicIpv6;

    private InternalRanges(Map<Cidr, String> purposes) {
        this.purposes = Collections.unmodifiableMap(new TreeMap<>(withEmbeddedIpv4(purposes)));
        this.ipv4 = this.purposes.keySet().stream().filter(cidr -> !cidr.isIpv6()).toList();
        this.ipv6 = this.purposes.keySet().stream().filter(Cidr::isIpv6).toList();
        this.publicIpv4 = IpRange.complement(ipv4, false);
        this.publicIpv6 = IpRange.complement(ipv6, true);
    }

    /**
     * Each internal IPv4 range also as the NAT64 and 6to4 addresses that embed it: 64:ff9b::a00:1 reaches
     * 10.0.0.1 through a NAT64 gateway, so it is as internal as 10.0.0.1, while 64:ff9b::c000:207 is as
     * public as 192.0.2.7. As plain ranges, every check (overlap, the routes' complement) treats them alike.
     */
    private static Map<Cidr, String> withEmbeddedIpv4(Map<Cidr, String> purposes) {
        Map<Cidr, String> all = new LinkedHashMap<>(purposes);
        purposes.forEach((range, purpose) -> {
            if (range.isIpv6()) {
                return;
            }
            EMBEDDING_IPV4.forEach((prefix, name) -> {
                int shift = prefix.prefixLength() == 96 ? 0 : 80; // 6to4 puts the IPv4 address in bits 16..47
                BigInteger network = prefix.network().or(range.network().shiftLeft(shift));
                all.putIfAbsent(Cidr.exact(network, prefix.prefixLength() + range.prefixLength(), true),
                        name + " embedding " + range + ": " + purpose);
            });
        });
        return all;
    }

    private static Map<Cidr, String> defaultPurposes() {
        Map<Cidr, String> purposes = new LinkedHashMap<>();
        purposes.put(Cidr.parse("0.0.0.0/8"), "\"this\" network");
        purposes.put(Cidr.parse("10.0.0.0/8"), "private network, RFC 1918");
        purposes.put(Cidr.parse("100.64.0.0/10"), "carrier-grade NAT, RFC 6598");
        purposes.put(Cidr.parse("127.0.0.0/8"), "loopback");
        purposes.put(Cidr.parse("169.254.0.0/16"), "link-local");
        purposes.put(Cidr.parse("172.16.0.0/12"), "private network, RFC 1918");
        purposes.put(Cidr.parse("192.168.0.0/16"), "private network, RFC 1918");
        purposes.put(Cidr.parse("224.0.0.0/4"), "multicast");
        purposes.put(Cidr.parse("240.0.0.0/4"), "reserved, includes broadcast 255.255.255.255");
        purposes.put(Cidr.parse("192.0.0.0/24"), "IETF protocol assignments, RFC 6890");
        purposes.put(Cidr.parse("198.18.0.0/15"), "benchmarking, RFC 2544");
        // IPv4-compatible addresses (deprecated, RFC 4291) include :: and ::1
        purposes.put(Cidr.exact(BigInteger.ZERO, 96, true), "IPv4-compatible IPv6 (deprecated), RFC 4291");
        purposes.put(Cidr.parse("::ffff:0:0:0/96"), "IPv4-translated IPv6, RFC 2765");
        purposes.put(Cidr.parse("64:ff9b:1::/48"), "local-use NAT64, RFC 8215");
        purposes.put(Cidr.parse("100::/64"), "discard-only, RFC 6666");
        purposes.put(Cidr.parse("2001::/32"), "Teredo, RFC 4380");
        purposes.put(Cidr.parse("2001:2::/48"), "benchmarking, RFC 5180");
        purposes.put(Cidr.parse("2001:10::/28"), "ORCHID (deprecated), RFC 4843");
        purposes.put(Cidr.parse("3fff::/20"), "documentation, RFC 9637");
        purposes.put(Cidr.parse("5f00::/16"), "segment routing (SRv6) SIDs, RFC 9602");
        purposes.put(Cidr.parse("::/128"), "unspecified address");
        purposes.put(Cidr.parse("::1/128"), "loopback");
        purposes.put(Cidr.parse("fc00::/7"), "unique local (private) addresses");
        purposes.put(Cidr.parse("fe80::/10"), "link-local");
        purposes.put(Cidr.parse("ff00::/8"), "multicast");
        // Cidr.parse would turn this into 0.0.0.0/0, hence built raw.
        purposes.put(Cidr.exact(BigInteger.valueOf(0xffff).shiftLeft(32), 96, true),
                "IPv4-mapped IPv6; such addresses are judged by their embedded IPv4 address");
        return purposes;
    }

    public static InternalRanges defaults() {
        return DEFAULTS;
    }

    /** These ranges plus {@code extra}; operators can extend the list but never shrink it. */
    public InternalRanges withExtra(Collection<Cidr> extra) {
        Map<Cidr, String> extended = new LinkedHashMap<>(purposes);
        extra.forEach(cidr -> extended.putIfAbsent(cidr, OPERATOR_PURPOSE));
        return new InternalRanges(extended);
    }

    /** IPv4 internal ranges, sorted. */
    public List<Cidr> ipv4() {
        return ipv4;
    }

    /** IPv6 internal ranges, sorted; includes the raw {@code ::ffff:0:0/96}. */
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
     * The internal range that shares addresses with {@code cidr}: the narrowest one holding it whole (::1
     * is loopback before it is IPv4-compatible), else the first in sorted order that overlaps it.
     */
    public Optional<Cidr> overlapping(Cidr cidr) {
        List<Cidr> sameFamily = cidr.isIpv6() ? ipv6 : ipv4;
        Optional<Cidr> holding = sameFamily.stream().filter(range -> range.contains(cidr))
                .max(java.util.Comparator.comparingInt(Cidr::prefixLength));
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
        return "InternalRanges" + all();
    }
}
