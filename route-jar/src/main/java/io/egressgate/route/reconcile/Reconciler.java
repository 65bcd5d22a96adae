package io.egressgate.route.reconcile;

import io.egressgate.route.kernel.BatchOutcome;
import io.egressgate.route.kernel.BatchOutcome.Failure;
import io.egressgate.route.kernel.KernelException;
import io.egressgate.route.kernel.KernelRoutes;
import io.egressgate.route.routes.IpFamily;
import io.egressgate.route.routes.Route;
import io.egressgate.route.routes.RouteBatch;
import io.egressgate.route.routes.RouteDiff;
import io.egressgate.route.routes.RouteProtocol;
import io.egressgate.route.routes.RouteTable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings one routing table to the desired routes of the families it manages. A family with an empty
 * desired list is reconciled towards "none of ours", which is how {@code --remove} works.
 */
public final class Reconciler {

    /** A second batch only runs when the first one succeeded yet the read-back differs (a race). */
    private static final int MAX_BATCHES = 2;

    private final KernelRoutes kernel;
    private final RouteTable table;
    private final RouteProtocol owner;
    private final Map<IpFamily, List<Route>> desired;

    public Reconciler(KernelRoutes kernel, RouteTable table, RouteProtocol owner, Map<IpFamily, List<Route>> desired) {
        this.kernel = kernel;
        this.table = table;
        this.owner = owner;
        this.desired = new EnumMap<>(IpFamily.class);
        desired.forEach((family, routes) -> this.desired.put(family, List.copyOf(routes)));
    }

    /** A reconciler that removes every route we own in {@code table} for these families. */
    public static Reconciler removing(KernelRoutes kernel, RouteTable table, RouteProtocol owner, Set<IpFamily> families) {
        Map<IpFamily, List<Route>> none = new EnumMap<>(IpFamily.class);
        families.forEach(family -> none.put(family, List.of()));
        return new Reconciler(kernel, table, owner, none);
    }

    public ReconcileReport reconcile() throws KernelException {
        long start = System.nanoTime();
        RouteDiff found = diff();
        RouteDiff current = found;
        List<Failure> failures = List.of();
        int batches = 0;
        while (!current.isEmpty() && batches < MAX_BATCHES) {
            BatchOutcome outcome = kernel.apply(batch(current));
            batches++;
            failures = outcome.failures();
            current = diff();
            if (!outcome.succeeded()) {
                break;
            }
        }
        return new ReconcileReport(found, current, failures,
                Duration.ofNanos(System.nanoTime() - start), batches);
    }

    /** What a reconcile would do right now, without doing it. */
    public RouteDiff diff() throws KernelException {
        RouteDiff total = new RouteDiff(List.of(), List.of(), List.of(), List.of());
        for (Map.Entry<IpFamily, List<Route>> family : desired.entrySet()) {
            total = total.plus(RouteDiff.between(family.getValue(), kernel.routes(family.getKey(), table), owner));
        }
        return total;
    }

    public List<String> batch(RouteDiff diff) {
        return RouteBatch.lines(diff, table, owner);
    }

    public Map<IpFamily, List<Route>> desired() {
        return desired;
    }

    public RouteTable table() {
        return table;
    }

    public RouteProtocol owner() {
        return owner;
    }

    public List<IpFamily> families() {
        return new ArrayList<>(desired.keySet());
    }
}
