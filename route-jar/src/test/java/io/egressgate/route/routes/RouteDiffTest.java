package io.egressgate.route.routes;

import io.egressgate.addresses.Cidr;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteDiffTest {

    private static final RouteProtocol OURS = RouteProtocol.EGRESS_GATE;
    private static final int STATIC = 4;
    private static final Gateway GATEWAY = Gateway.of(address("10.62.0.1"));
    private static final Gateway OTHER_GATEWAY = Gateway.of(address("10.62.0.3"));

    @Test
    void anEmptyTableNeedsEveryRoute() {
        List<Route> desired = List.of(route("1.0.0.0/8"), route("2.0.0.0/7"));

        RouteDiff diff = RouteDiff.between(desired, List.of(), OURS);

        assertThat(diff.missing()).isEqualTo(desired);
        assertThat(RouteBatch.lines(diff, RouteTable.MAIN, OURS)).containsExactly(
                "route replace 1.0.0.0/8 via 10.62.0.1 table 254 metric 0 proto 230",
                "route replace 2.0.0.0/7 via 10.62.0.1 table 254 metric 0 proto 230");
    }

    @Test
    void routesAlreadyInPlaceNeedNothing() {
        RouteDiff diff = RouteDiff.between(List.of(route("1.0.0.0/8")),
                List.of(kernel("1.0.0.0/8", 0, OURS.number(), "10.62.0.1")), OURS);

        assertThat(diff.isEmpty()).isTrue();
        assertThat(RouteBatch.lines(diff, RouteTable.MAIN, OURS)).isEmpty();
    }

    @Test
    void anOwnedRouteViaAnotherGatewayIsReplaced() {
        RouteDiff diff = RouteDiff.between(List.of(new Route(Cidr.parse("1.0.0.0/8"), OTHER_GATEWAY, 0)),
                List.of(kernel("1.0.0.0/8", 0, OURS.number(), "10.62.0.1")), OURS);

        assertThat(diff.changed()).extracting(Route::destination).containsExactly(Cidr.parse("1.0.0.0/8"));
        assertThat(RouteBatch.lines(diff, RouteTable.MAIN, OURS))
                .containsExactly("route replace 1.0.0.0/8 via 10.62.0.3 table 254 metric 0 proto 230");
    }

    @Test
    void anOwnedBlackholeOrRouteOnTheWrongDeviceIsReplaced() {
        Route onDevice = new Route(Cidr.parse("2000::/3"), new Gateway(address("fe80::1"), "egr0"), 1024);
        KernelRoute blackhole = new KernelRoute(Cidr.parse("1.0.0.0/8"), 0, OURS.number(), null, null, false);
        KernelRoute wrongDevice = new KernelRoute(Cidr.parse("2000::/3"), 1024, OURS.number(), address("fe80::1"),
                "egr1", true);

        RouteDiff diff = RouteDiff.between(List.of(route("1.0.0.0/8"), onDevice), List.of(blackhole, wrongDevice), OURS);

        assertThat(diff.changed()).hasSize(2);
        assertThat(RouteBatch.lines(diff, new RouteTable(100), OURS)).containsExactly(
                "route replace 1.0.0.0/8 via 10.62.0.1 table 100 metric 0 proto 230",
                "route replace 2000::/3 via fe80::1 dev egr0 table 100 metric 1024 proto 230");
    }

    @Test
    void ownedRoutesNoLongerWantedAreDeletedByTheirOwnProtocolAfterTheAdditions() {
        RouteDiff diff = RouteDiff.between(List.of(route("2.0.0.0/7")),
                List.of(kernel("1.0.0.0/8", 0, OURS.number(), "10.62.0.1")), OURS);

        assertThat(diff.extra()).extracting(KernelRoute::destination).containsExactly(Cidr.parse("1.0.0.0/8"));
        assertThat(RouteBatch.lines(diff, RouteTable.MAIN, OURS)).containsExactly(
                "route replace 2.0.0.0/7 via 10.62.0.1 table 254 metric 0 proto 230",
                "route del 1.0.0.0/8 table 254 metric 0 proto 230");
    }

    @Test
    void aNewMetricAddsTheRouteAndDeletesTheOldOne() {
        RouteDiff diff = RouteDiff.between(List.of(new Route(Cidr.parse("1.0.0.0/8"), GATEWAY, 50)),
                List.of(kernel("1.0.0.0/8", 0, OURS.number(), "10.62.0.1")), OURS);

        assertThat(RouteBatch.lines(diff, RouteTable.MAIN, OURS)).containsExactly(
                "route replace 1.0.0.0/8 via 10.62.0.1 table 254 metric 50 proto 230",
                "route del 1.0.0.0/8 table 254 metric 0 proto 230");
    }

    @Test
    void foreignRoutesAreNeverChangedOrDeleted() {
        List<KernelRoute> actual = List.of(
                kernel("198.51.100.0/24", 0, STATIC, "10.62.0.254"),
                kernel("0.0.0.0/0", 0, 3, "10.62.0.254"),
                new KernelRoute(Cidr.parse("10.62.0.0/24"), 0, 2, null, "egr0", true));

        RouteDiff diff = RouteDiff.between(List.of(route("1.0.0.0/8")), actual, OURS);

        assertThat(diff.extra()).isEmpty();
        assertThat(diff.changed()).isEmpty();
        assertThat(RouteBatch.lines(diff, RouteTable.MAIN, OURS)).noneMatch(line -> line.contains("198.51.100.0")
                || line.contains("0.0.0.0/0") || line.contains("10.62.0.0"));
    }

    @Test
    void aForeignRouteWithTheSameDestinationAndMetricBlocksOursInsteadOfBeingOverwritten() {
        List<KernelRoute> actual = List.of(kernel("1.0.0.0/8", 0, STATIC, "10.62.0.254"),
                kernel("2.0.0.0/7", 100, STATIC, "10.62.0.254"));

        RouteDiff diff = RouteDiff.between(List.of(route("1.0.0.0/8"), route("2.0.0.0/7")), actual, OURS);

        assertThat(diff.blocked()).extracting(Route::destination).containsExactly(Cidr.parse("1.0.0.0/8"));
        // A foreign route with another metric is a different route; ours goes next to it.
        assertThat(diff.missing()).extracting(Route::destination).containsExactly(Cidr.parse("2.0.0.0/7"));
        assertThat(RouteBatch.lines(diff, RouteTable.MAIN, OURS))
                .containsExactly("route replace 2.0.0.0/7 via 10.62.0.1 table 254 metric 0 proto 230");
    }

    @Test
    void routesOfAnotherOwnerProtocolAreForeign() {
        RouteDiff diff = RouteDiff.between(List.of(route("1.0.0.0/8")),
                List.of(kernel("1.0.0.0/8", 0, 231, "10.62.0.1"), kernel("3.0.0.0/8", 0, 231, "10.62.0.1")),
                OURS);

        assertThat(diff.blocked()).hasSize(1);
        assertThat(diff.extra()).isEmpty();
    }

    private static Route route(String cidr) {
        return new Route(Cidr.parse(cidr), GATEWAY, 0);
    }

    private static KernelRoute kernel(String cidr, long metric, int protocol, String gateway) {
        return new KernelRoute(Cidr.parse(cidr), metric, protocol, address(gateway), "egr0", true);
    }

    private static InetAddress address(String text) {
        return Cidr.parse(text).address();
    }
}
