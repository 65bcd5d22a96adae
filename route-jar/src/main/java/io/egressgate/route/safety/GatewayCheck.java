package io.egressgate.route.safety;

import io.egressgate.route.kernel.KernelException;
import io.egressgate.route.kernel.KernelRoutes;
import io.egressgate.route.kernel.RouteLookup;
import io.egressgate.route.routes.Gateway;

import java.util.List;
import java.util.Optional;

/**
 * Refuses a gateway that is not directly reachable. A next hop must sit on a connected network:
 * if the way to the gateway itself led through a router (the default route, or a route to a public
 * range that we are about to point at the gateway), traffic for the gateway would be sent towards
 * the gateway and the host would lose its way out. The kernel also rejects such next hops, but one
 * route at a time and only after part of the table has changed; this check says why before anything
 * is touched.
 */
public final class GatewayCheck {

    private final KernelRoutes kernel;
    private final List<Gateway> gateways;

    public GatewayCheck(KernelRoutes kernel, List<Gateway> gateways) {
        this.kernel = kernel;
        this.gateways = List.copyOf(gateways);
    }

    /** The first reason to refuse, or empty when every gateway is directly reachable. */
    public Optional<String> refusal() throws KernelException {
        for (Gateway gateway : gateways) {
            Optional<String> refusal = refusal(gateway, kernel.lookup(gateway.address(), gateway.device()));
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    public static Optional<String> refusal(Gateway gateway, RouteLookup lookup) {
        String subject = "gateway " + gateway;
        if (!lookup.isReachable()) {
            return Optional.of(subject + " is not reachable (" + lookup.unreachable()
                    + "); it must be on a network this host is connected to");
        }
        if (lookup.local()) {
            return Optional.of(subject + " is an address of this host itself; give the address of the egress gateway");
        }
        if (lookup.nextHop() != null) {
            return Optional.of(subject + " is not on a connected network: the kernel reaches it via router "
                    + Gateway.of(lookup.nextHop()) + deviceText(lookup) + ", and sending public ranges to a gateway"
                    + " that is itself reached through a router could cut this host off");
        }
        if (gateway.device() != null && lookup.device() != null && !gateway.device().equals(lookup.device())) {
            return Optional.of(subject + " is reached on " + lookup.device() + ", not on " + gateway.device());
        }
        return Optional.empty();
    }

    private static String deviceText(RouteLookup lookup) {
        return lookup.device() == null ? "" : " on " + lookup.device();
    }
}
