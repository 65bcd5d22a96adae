package io.egressgate.route.routes;

import io.egressgate.addresses.Cidr;
import io.egressgate.route.kernel.BatchOutcome;
import io.egressgate.route.kernel.KernelModel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Desired routes against arbitrary tables (ours and foreign routes, other gateways, other metrics,
 * blackholes): the batch, applied to a kernel model, must leave exactly the desired routes that are
 * not blocked, every foreign route as it was, and nothing of ours beyond that.
 */
class RouteDiffPropertyTest {

    private static final RouteProtocol OURS = RouteProtocol.EGRESS_GATE;
    private static final RouteTable TABLE = RouteTable.MAIN;
    private static final List<Cidr> POOL = List.of("1.0.0.0/8", "2.0.0.0/7", "4.0.0.0/6", "8.0.0.0/7",
            "11.0.0.0/8", "172.64.0.0/10", "172.128.0.0/9", "203.0.113.0/24", "198.51.100.7/32", "64.0.0.0/3")
            .stream().map(Cidr::parse).toList();
    private static final List<InetAddress> GATEWAYS = List.of("10.62.0.1", "10.62.0.3", "10.62.0.254")
            .stream().map(text -> Cidr.parse(text).address()).toList();

    @Property(tries = 1000)
    void applyingTheBatchLeavesExactlyTheDesiredRoutesAndEveryForeignRoute(
            @ForAll("desired") List<Route> desired, @ForAll("tables") List<KernelRoute> actual) {
        KernelModel kernel = new KernelModel();
        actual.forEach(route -> kernel.add(TABLE, route));

        RouteDiff diff = RouteDiff.between(desired, actual, OURS);
        BatchOutcome outcome = kernel.apply(RouteBatch.lines(diff, TABLE, OURS));
        List<KernelRoute> after = kernel.all(TABLE);

        assertThat(outcome.failures()).isEmpty();
        List<KernelRoute> foreignBefore = actual.stream().filter(route -> !route.ownedBy(OURS)).toList();
        assertThat(after.stream().filter(route -> !route.ownedBy(OURS)).toList())
                .containsExactlyInAnyOrderElementsOf(foreignBefore);
        Set<RouteKey> blocked = new HashSet<>(diff.blocked().stream().map(Route::key).toList());
        for (Route wanted : desired) {
            if (!blocked.contains(wanted.key())) {
                assertThat(after).as("%s installed", wanted).anyMatch(route -> route.ownedBy(OURS) && route.satisfies(wanted));
            }
        }
        Set<RouteKey> desiredKeys = new HashSet<>(desired.stream().map(Route::key).toList());
        assertThat(after.stream().filter(route -> route.ownedBy(OURS)).map(KernelRoute::key))
                .allMatch(desiredKeys::contains)
                .doesNotHaveDuplicates();
        assertThat(RouteDiff.between(desired, after, OURS).isEmpty()).as("idempotent").isTrue();
    }

    @Property(tries = 300)
    void theDiffOfAnEmptyDesiredSetRemovesOnlyOurRoutes(@ForAll("tables") List<KernelRoute> actual) {
        RouteDiff diff = RouteDiff.between(List.of(), actual, OURS);

        assertThat(diff.missing()).isEmpty();
        assertThat(diff.extra()).containsExactlyInAnyOrderElementsOf(
                actual.stream().filter(route -> route.ownedBy(OURS)).toList());
        assertThat(RouteBatch.lines(diff, TABLE, OURS)).allMatch(line -> line.startsWith("route del ")
                && line.endsWith(" proto 230"));
    }

    @Provide
    Arbitrary<List<Route>> desired() {
        Arbitrary<Gateway> gateway = Arbitraries.of(GATEWAYS).map(Gateway::of);
        Arbitrary<Long> metric = Arbitraries.of(0L, 100L);
        return Combinators.combine(Arbitraries.subsetOf(POOL), gateway, metric)
                .as((destinations, via, chosenMetric) -> destinations.stream().sorted()
                        .map(destination -> new Route(destination, via, chosenMetric)).toList());
    }

    /** A table holds at most one route per destination and metric, as a kernel table does. */
    @Provide
    Arbitrary<List<KernelRoute>> tables() {
        Arbitrary<KernelRoute> route = Combinators.combine(
                Arbitraries.of(POOL),
                Arbitraries.of(0L, 100L, 200L),
                Arbitraries.of(OURS.number(), OURS.number(), 4, 2, 186),
                Arbitraries.of(GATEWAYS).injectNull(0.1),
                Arbitraries.of(true, true, true, false))
                .as((destination, metric, protocol, gateway, unicast) ->
                        new KernelRoute(destination, metric, protocol, gateway, "egr0", unicast));
        return route.list().ofMaxSize(12).map(routes -> {
            Map<RouteKey, KernelRoute> byKey = new LinkedHashMap<>();
            routes.forEach(candidate -> byKey.putIfAbsent(candidate.key(), candidate));
            return new ArrayList<>(byKey.values());
        });
    }
}
