package io.egressgate.route.kernel;

import java.net.InetAddress;

/**
 * The answer of {@code ip route get}: the next hop ({@code null} when the destination is on a
 * connected network), the device, whether the destination is one of this host's own addresses, or
 * why there is no route at all ({@code unreachable} non-null).
 */
public record RouteLookup(InetAddress destination, InetAddress nextHop, String device, boolean local,
                          String unreachable) {

    public static RouteLookup unreachable(InetAddress destination, String reason) {
        return new RouteLookup(destination, null, null, false, reason);
    }

    public boolean isReachable() {
        return unreachable == null;
    }

    /** Reachable directly on a link: no router in between, not this host itself. */
    public boolean isOnLink() {
        return isReachable() && !local && nextHop == null;
    }
}
