package io.egressgate.route.kernel;

import io.egressgate.route.routes.IpFamily;
import io.egressgate.route.routes.KernelRoute;
import io.egressgate.route.routes.RouteTable;

import java.net.InetAddress;
import java.util.List;

/** What the reconciler needs from the kernel; one implementation speaks iproute2, tests may model it. */
public interface KernelRoutes {

    /** Every route of one family in one table, ours and everybody else's. */
    List<KernelRoute> routes(IpFamily family, RouteTable table) throws KernelException;

    /**
     * Runs all lines in one batch, carrying on past a failing line so that one bad route does not
     * hold the others back; the failures come back in the outcome.
     */
    BatchOutcome apply(List<String> batchLines) throws KernelException;

    /** The route the kernel would pick for {@code destination}, optionally leaving through {@code device}. */
    RouteLookup lookup(InetAddress destination, String device) throws KernelException;
}
