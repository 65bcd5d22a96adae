package io.egressgate.route.benchmark;

import io.egressgate.route.kernel.BatchOutcome;
import io.egressgate.route.kernel.KernelException;
import io.egressgate.route.kernel.KernelRoutes;
import io.egressgate.route.kernel.RouteLookup;
import io.egressgate.route.routes.IpFamily;
import io.egressgate.route.routes.KernelRoute;
import io.egressgate.route.routes.RouteTable;

import java.net.InetAddress;
import java.util.List;

/** Counts the `ip` processes a round needs: every call of the real kernel is one process. */
final class CountingKernel implements KernelRoutes {

    private final KernelRoutes kernel;
    private int processes;

    CountingKernel(KernelRoutes kernel) {
        this.kernel = kernel;
    }

    int takeCount() {
        int count = processes;
        processes = 0;
        return count;
    }

    @Override
    public List<KernelRoute> routes(IpFamily family, RouteTable table) throws KernelException {
        processes++;
        return kernel.routes(family, table);
    }

    @Override
    public BatchOutcome apply(List<String> batchLines) throws KernelException {
        processes++;
        return kernel.apply(batchLines);
    }

    @Override
    public RouteLookup lookup(InetAddress destination, String device) throws KernelException {
        processes++;
        return kernel.lookup(destination, device);
    }
}
