package io.egressgate.route.routes;

import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;

import java.util.List;

/**
 * The desired routes of one family: every public range via the gateway. The ranges are the exact,
 * minimal complement of common-jar's internal list, so no range is forgotten (a hand-written table
 * easily misses 172.64.0.0/10 next to 172.16.0.0/12) and nothing internal is ever sent away.
 */
public final class PublicRoutes {

    private PublicRoutes() {
    }

    public static List<Route> via(Gateway gateway, InternalRanges internal, Integer requestedMetric) {
        IpFamily family = gateway.family();
        long metric = family.normalisedMetric(requestedMetric);
        List<Cidr> ranges = internal.publicRanges(family.isIpv6());
        return ranges.stream().map(range -> new Route(range, gateway, metric)).toList();
    }
}
