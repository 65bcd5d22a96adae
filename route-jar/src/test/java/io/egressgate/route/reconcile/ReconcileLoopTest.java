package io.egressgate.route.reconcile;

import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import io.egressgate.route.kernel.KernelModel;
import io.egressgate.route.kernel.RouteLookup;
import io.egressgate.route.routes.Gateway;
import io.egressgate.route.routes.IpFamily;
import io.egressgate.route.routes.KernelRoute;
import io.egressgate.route.routes.PublicRoutes;
import io.egressgate.route.routes.Route;
import io.egressgate.route.routes.RouteProtocol;
import io.egressgate.route.routes.RouteTable;
import io.egressgate.route.safety.GatewayCheck;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcileLoopTest {

    private static final RouteTable TABLE = RouteTable.MAIN;
    private static final Gateway GATEWAY = Gateway.of(Cidr.parse("10.62.0.1").address());
    private static final List<Route> PUBLIC = PublicRoutes.via(GATEWAY, InternalRanges.defaults(), null);

    private final KernelModel kernel = new KernelModel();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final ReconcileLoop loop = new ReconcileLoop(
            new Reconciler(kernel, TABLE, RouteProtocol.EGRESS_GATE, Map.of(IpFamily.IPV4, PUBLIC)),
            new GatewayCheck(kernel, List.of(GATEWAY)), Duration.ofMillis(50), log::add);

    @Test
    void theLoopPutsBackARouteSomebodyDeletedAndStopsWhenAsked() throws Exception {
        assertThat(loop.once()).hasValueSatisfying(report -> assertThat(report.converged()).isTrue());
        Thread thread = new Thread(loop::run);
        thread.start();
        try {
            kernel.removeIf(TABLE, route -> route.destination().equals(Cidr.parse("172.128.0.0/9")));

            waitUntil(() -> kernel.all(TABLE).size() == PUBLIC.size());

            assertThat(log).anyMatch(line -> line.startsWith("added 1, replaced 0, removed 0 routes"));
        } finally {
            loop.stop();
            thread.join(5000);
        }
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void stoppingWaitsForTheRoundInFlightAndNoRoundFollows() throws Exception {
        KernelModel slow = new KernelModel() {
            @Override
            public synchronized io.egressgate.route.kernel.BatchOutcome apply(List<String> lines) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.apply(lines);
            }
        };
        ReconcileLoop slowLoop = new ReconcileLoop(
                new Reconciler(slow, TABLE, RouteProtocol.EGRESS_GATE, Map.of(IpFamily.IPV4, PUBLIC)),
                new GatewayCheck(slow, List.of(GATEWAY)), Duration.ofMillis(50), log::add);
        Thread firstRound = new Thread(slowLoop::once);
        firstRound.start();
        while (slow.reads() == 0) {
            Thread.sleep(5);
        }

        slowLoop.stop();

        assertThat(slow.all(TABLE)).as("the batch in flight completed before stop returned").hasSize(PUBLIC.size());
        slow.removeIf(TABLE, route -> true);
        assertThat(slowLoop.once()).isEmpty();
        assertThat(slow.all(TABLE)).isEmpty();
        firstRound.join(5000);
    }

    @Test
    void whileTheGatewayIsNotDirectlyReachableTheTableIsLeftAloneAndThatIsSaidOnce() {
        loop.once();
        kernel.removeIf(TABLE, route -> route.destination().equals(Cidr.parse("1.0.0.0/8")));
        kernel.answerLookup(new RouteLookup(GATEWAY.address(), Cidr.parse("10.62.0.254").address(), "egr0", false, null));

        loop.once();
        loop.once();

        assertThat(kernel.all(TABLE)).hasSize(PUBLIC.size() - 1);
        assertThat(log).filteredOn(line -> line.startsWith("leaving the routes as they are")).hasSize(1);
    }

    @Test
    void blockedRoutesAreReportedOnceNotEveryRound() {
        kernel.add(TABLE, new KernelRoute(Cidr.parse("1.0.0.0/8"), 0, 4, Cidr.parse("10.62.0.254").address(), "egr0", true));

        loop.once();
        loop.once();

        assertThat(log).filteredOn(line -> line.startsWith("left alone: 1.0.0.0/8")).hasSize(1);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
