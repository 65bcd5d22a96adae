package io.egressgate.route.reconcile;

import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import io.egressgate.route.kernel.BatchOutcome;
import io.egressgate.route.kernel.KernelException;
import io.egressgate.route.kernel.KernelModel;
import io.egressgate.route.routes.Gateway;
import io.egressgate.route.routes.IpFamily;
import io.egressgate.route.routes.KernelRoute;
import io.egressgate.route.routes.PublicRoutes;
import io.egressgate.route.routes.Route;
import io.egressgate.route.routes.RouteProtocol;
import io.egressgate.route.routes.RouteTable;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTest {

    private static final RouteTable TABLE = RouteTable.MAIN;
    private static final RouteProtocol OURS = RouteProtocol.EGRESS_GATE;
    private static final Gateway GATEWAY = Gateway.of(address("10.62.0.1"));
    private static final List<Route> PUBLIC = PublicRoutes.via(GATEWAY, InternalRanges.defaults(), null);
    private static final KernelRoute FOREIGN = new KernelRoute(Cidr.parse("198.51.100.0/24"), 0, 4,
            address("10.62.0.254"), "egr0", true);

    private final KernelModel kernel = new KernelModel().add(TABLE, FOREIGN);

    @Test
    void theFirstRoundInstallsEveryRouteInOneBatchAndReadsItBack() throws KernelException {
        ReconcileReport report = reconciler(PUBLIC).reconcile();

        assertThat(report.found().missing()).hasSize(PUBLIC.size());
        assertThat(report.converged()).isTrue();
        assertThat(report.batches()).isEqualTo(1);
        assertThat(kernel.reads()).as("read, then read back").isEqualTo(2);
        assertThat(owned()).hasSize(PUBLIC.size());
        assertThat(kernel.all(TABLE)).contains(FOREIGN);
    }

    @Test
    void aRoundWithNothingToDoOnlyReads() throws KernelException {
        reconciler(PUBLIC).reconcile();
        int batches = kernel.batches();

        ReconcileReport report = reconciler(PUBLIC).reconcile();

        assertThat(report.changedSomething()).isFalse();
        assertThat(kernel.batches()).isEqualTo(batches);
    }

    @Test
    void removedAndAlteredRoutesComeBack() throws KernelException {
        reconciler(PUBLIC).reconcile();
        kernel.removeIf(TABLE, route -> route.destination().equals(Cidr.parse("172.64.0.0/10")));
        kernel.removeIf(TABLE, route -> route.destination().equals(Cidr.parse("1.0.0.0/8")));
        kernel.add(TABLE, new KernelRoute(Cidr.parse("1.0.0.0/8"), 0, OURS.number(), address("10.62.0.254"), "egr0", true));

        ReconcileReport report = reconciler(PUBLIC).reconcile();

        assertThat(report.found().missing()).extracting(Route::destination).containsExactly(Cidr.parse("172.64.0.0/10"));
        assertThat(report.found().changed()).extracting(Route::destination).containsExactly(Cidr.parse("1.0.0.0/8"));
        assertThat(report.summary()).startsWith("added 1, replaced 1, removed 0 routes in ");
        assertThat(owned()).allMatch(route -> route.gateway().equals(GATEWAY.address())).hasSize(PUBLIC.size());
    }

    @Test
    void aNewGatewayReplacesEveryRoute() throws KernelException {
        reconciler(PUBLIC).reconcile();
        Gateway newGateway = Gateway.of(address("10.62.0.3"));

        ReconcileReport report = reconciler(PublicRoutes.via(newGateway, InternalRanges.defaults(), null)).reconcile();

        assertThat(report.found().changed()).hasSize(PUBLIC.size());
        assertThat(owned()).hasSize(PUBLIC.size()).allMatch(route -> route.gateway().equals(newGateway.address()));
    }

    @Test
    void refusedRoutesAreReportedAndNotRetriedInTheSameRound() throws KernelException {
        kernel.refuseNextHop(GATEWAY.address());

        ReconcileReport report = reconciler(PUBLIC).reconcile();

        assertThat(report.converged()).isFalse();
        assertThat(report.unresolved()).isEqualTo(PUBLIC.size());
        assertThat(report.failures()).hasSize(PUBLIC.size())
                .allMatch(failure -> failure.reason().equals("Error: Nexthop has invalid gateway."));
        assertThat(report.failureLines()).containsExactly("Error: Nexthop has invalid gateway. (" + PUBLIC.size()
                + " batch lines, the first: route replace 1.0.0.0/8 via 10.62.0.1 table 254 metric 0 proto 230)");
        assertThat(report.summary()).matches("added 0, replaced 0, removed 0 routes in \\d+ ms; 86 could not be changed");
        assertThat(report.batches()).isEqualTo(1);
    }

    @Test
    void aRouteLostWhileApplyingIsRepairedByASecondBatch() throws KernelException {
        KernelModel racing = new KernelModel() {
            private boolean interfered;

            @Override
            public synchronized BatchOutcome apply(List<String> lines) {
                BatchOutcome outcome = super.apply(lines);
                if (!interfered) {
                    interfered = true;
                    removeIf(TABLE, route -> route.destination().equals(Cidr.parse("8.0.0.0/7")));
                }
                return outcome;
            }
        };

        ReconcileReport report = new Reconciler(racing, TABLE, OURS, Map.of(IpFamily.IPV4, PUBLIC)).reconcile();

        assertThat(report.batches()).isEqualTo(2);
        assertThat(report.converged()).isTrue();
        assertThat(racing.all(TABLE)).hasSize(PUBLIC.size());
    }

    @Test
    void removingTakesAwayOurRoutesOnly() throws KernelException {
        reconciler(PUBLIC).reconcile();

        ReconcileReport report = Reconciler.removing(kernel, TABLE, OURS, EnumSet.allOf(IpFamily.class)).reconcile();

        assertThat(report.found().extra()).hasSize(PUBLIC.size());
        assertThat(kernel.all(TABLE)).containsExactly(FOREIGN);
    }

    private Reconciler reconciler(List<Route> desired) {
        return new Reconciler(kernel, TABLE, OURS, Map.of(IpFamily.IPV4, desired));
    }

    private List<KernelRoute> owned() {
        return kernel.all(TABLE).stream().filter(route -> route.ownedBy(OURS)).toList();
    }

    private static InetAddress address(String text) {
        return Cidr.parse(text).address();
    }
}
