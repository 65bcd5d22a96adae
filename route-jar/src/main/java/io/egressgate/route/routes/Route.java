package io.egressgate.route.routes;

import io.egressgate.addresses.Cidr;

import java.util.Objects;

/** A route egress-gate wants: one public range via the gateway. */
public record Route(Cidr destination, Gateway via, long metric) {

    public Route {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(via, "via");
        if (destination.isIpv6() != via.family().isIpv6()) {
            throw new IllegalArgumentException("route " + destination + " cannot go via " + via
                    + ": address families differ");
        }
    }

    public RouteKey key() {
        return new RouteKey(destination, metric);
    }

    public IpFamily family() {
        return IpFamily.of(destination);
    }
}
