package io.egressgate.addresses;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * What may be put on the allowlist: nothing that touches an internal range and nothing broader than a
 * floor, so that no single entry can open a large part of the internet (or {@code 0.0.0.0/0}).
 */
public final class AllowlistPolicy {

    public static final int DEFAULT_FLOOR_V4 = 8;
    public static final int DEFAULT_FLOOR_V6 = 32;

    private static final AllowlistPolicy DEFAULTS =
            new AllowlistPolicy(InternalRanges.defaults(), DEFAULT_FLOOR_V4, DEFAULT_FLOOR_V6);

    private final InternalRanges internal;
    private final int floorV4;
    private final int floorV6;

    /**
     * @param floorV4 the shortest IPv4 prefix length allowed (8 allows a /8, refuses a /7)
     * @param floorV6 the shortest IPv6 prefix length allowed
     */
    public AllowlistPolicy(InternalRanges internal, int floorV4, int floorV6) {
        this.internal = Objects.requireNonNull(internal, "internal");
        if (floorV4 < 0 || floorV4 > 32) {
            throw new IllegalArgumentException("the IPv4 floor must be a prefix length from 0 to 32, not " + floorV4);
        }
        if (floorV6 < 0 || floorV6 > 128) {
            throw new IllegalArgumentException("the IPv6 floor must be a prefix length from 0 to 128, not " + floorV6);
        }
        this.floorV4 = floorV4;
        this.floorV6 = floorV6;
    }

    public static AllowlistPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * The stricter of this policy and another's: the internal ranges of both ({@code moreInternal} each
     * internal for {@code purpose}) and, per family, the narrower floor.
     */
    public AllowlistPolicy unionWith(Collection<Cidr> moreInternal, String purpose, int otherFloorV4, int otherFloorV6) {
        return new AllowlistPolicy(internal.withExtra(moreInternal, purpose),
                Math.max(floorV4, otherFloorV4), Math.max(floorV6, otherFloorV6));
    }

    public InternalRanges internal() {
        return internal;
    }

    /** The shortest IPv4 prefix length allowed. */
    public int floorV4() {
        return floorV4;
    }

    /** The shortest IPv6 prefix length allowed. */
    public int floorV6() {
        return floorV6;
    }

    /** Empty when {@code cidr} may be allowlisted, otherwise the reason it may not. */
    public Optional<String> rejection(Cidr cidr) {
        int floor = cidr.isIpv6() ? floorV6 : floorV4;
        if (cidr.prefixLength() < floor) {
            return Optional.of(cidr + " is too broad: the widest " + (cidr.isIpv6() ? "IPv6" : "IPv4")
                    + " range that may be allowed is a /" + floor + "; list narrower ranges instead");
        }
        return internal.overlapping(cidr).map(range -> cidr
                + (range.contains(cidr) ? " lies inside" : " overlaps")
                + " the internal range " + range + " (" + internal.purposeOf(range) + "), which is never allowed");
    }

    /**
     * Returns {@code cidr} when it may be allowlisted.
     *
     * @throws RejectedAddressException carrying the reason when it may not
     */
    public Cidr requireAllowed(Cidr cidr) {
        Optional<String> reason = rejection(cidr);
        if (reason.isPresent()) {
            throw new RejectedAddressException(cidr, reason.get());
        }
        return cidr;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AllowlistPolicy policy && internal.equals(policy.internal)
                && floorV4 == policy.floorV4 && floorV6 == policy.floorV6;
    }

    @Override
    public int hashCode() {
        return Objects.hash(internal, floorV4, floorV6);
    }

    @Override
    public String toString() {
        return "AllowlistPolicy[floors /" + floorV4 + " and /" + floorV6 + ", " + internal + "]";
    }
}
