package io.egressgate.route.routes;

import io.egressgate.addresses.Cidr;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A route as the kernel reports it. Only the fields that decide ownership and correctness are kept;
 * {@code gateway} and {@code device} are null when the kernel reports none (a connected route, a
 * multipath route, a blackhole).
 */
public record KernelRoute(Cidr destination, long metric, int protocol, InetAddress gateway, String device,
                          boolean unicast) {

    public KernelRoute {
        Objects.requireNonNull(destination, "destination");
    }

    public RouteKey key() {
        return new RouteKey(destination, metric);
    }

    public boolean ownedBy(RouteProtocol owner) {
        return protocol == owner.number();
    }

    /** Whether this route already does what {@code wanted} asks, so that nothing needs rewriting. */
    public boolean satisfies(Route wanted) {
        return unicast
                && key().equals(wanted.key())
                && wanted.via().address().equals(gateway)
                && wanted.via().onDevice().map(dev -> dev.equals(device)).orElse(true);
    }
}
