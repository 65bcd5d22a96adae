package io.egressgate.route.routes;

import io.egressgate.addresses.Cidr;
import io.egressgate.addresses.InternalRanges;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PublicRoutesTest {

    private static final Gateway GATEWAY = Gateway.of(Cidr.parse("10.62.0.1").address());
    private static final Gateway GATEWAY6 = Gateway.of(Cidr.parse("2001:db8:62::1").address());

    @Test
    void ipv4RoutesCoverTheRangesAHandWrittenTableMissed() {
        List<Route> routes = PublicRoutes.via(GATEWAY, InternalRanges.defaults(), null);

        assertThat(routes).extracting(route -> route.destination().toString())
                .contains("172.64.0.0/10", "172.128.0.0/9", "172.32.0.0/11", "172.0.0.0/12",
                        "100.128.0.0/9", "100.0.0.0/10", "169.255.0.0/16", "192.169.0.0/16", "1.0.0.0/8",
                        "208.0.0.0/4")
                .doesNotContain("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "0.0.0.0/0");
        assertThat(routes).allSatisfy(route -> {
            assertThat(route.via()).isEqualTo(GATEWAY);
            assertThat(route.metric()).isZero();
        });
    }

    @Test
    void ipv4RoutesAreTheMinimalExactComplement() {
        List<Cidr> destinations = destinations(PublicRoutes.via(GATEWAY, InternalRanges.defaults(), null));

        assertExactMinimalComplement(destinations, InternalRanges.defaults().ipv4(), false);
        // The unique minimal cover of the public IPv4 space has exactly this many blocks.
        assertThat(destinations).hasSize(86);
    }

    @Test
    void ipv6RoutesAreTheMinimalExactComplementAndKeepTheKernelDefaultMetric() {
        List<Route> routes = PublicRoutes.via(GATEWAY6, InternalRanges.defaults(), null);

        assertExactMinimalComplement(destinations(routes), InternalRanges.defaults().ipv6(), true);
        assertThat(destinations(routes)).extracting(Cidr::toString)
                .contains("2003::/16", "2400::/6", "fec0::/10", "fe00::/9", "4000::/4", "8000::/2")
                .doesNotContain("2000::/3", "fc00::/7", "fe80::/10", "ff00::/8");
        assertThat(destinations(routes)).hasSize(503);
        assertThat(routes).allSatisfy(route -> assertThat(route.metric()).isEqualTo(1024));
    }

    @Test
    void anExplicitMetricIsUsedAndAnIpv6ZeroBecomesTheKernelsDefault() {
        assertThat(PublicRoutes.via(GATEWAY, InternalRanges.defaults(), 77))
                .allSatisfy(route -> assertThat(route.metric()).isEqualTo(77));
        assertThat(PublicRoutes.via(GATEWAY6, InternalRanges.defaults(), 0))
                .allSatisfy(route -> assertThat(route.metric()).isEqualTo(1024));
    }

    @Test
    void addressesThatEmbedInternalIpv4AreNotRoutedToTheGatewayButPublicOnesAre() {
        List<Cidr> destinations = destinations(PublicRoutes.via(GATEWAY6, InternalRanges.defaults(), null));

        assertThat(destinations).noneMatch(cidr -> cidr.contains(address("64:ff9b::a00:1"))
                || cidr.contains(address("2002:a00:1::1")) || cidr.contains(address("2001::1"))
                || cidr.contains(address("::a00:1")) || cidr.contains(address("64:ff9b:1::1")));
        assertThat(destinations).anyMatch(cidr -> cidr.contains(address("64:ff9b::c000:207")));
        assertThat(destinations).anyMatch(cidr -> cidr.contains(address("2002:c000:207::1")));
        assertThat(destinations(PublicRoutes.via(GATEWAY, InternalRanges.defaults(), null)))
                .noneMatch(cidr -> cidr.contains(address("198.18.0.1")) || cidr.contains(address("192.0.0.1")));
    }

    @Test
    void operatorRangesAreNeverRoutedToTheGateway() {
        InternalRanges internal = InternalRanges.defaults().withExtra(List.of(Cidr.parse("203.0.113.0/24")));

        List<Cidr> destinations = destinations(PublicRoutes.via(GATEWAY, internal, null));

        assertThat(destinations).noneMatch(cidr -> cidr.contains(address("203.0.113.5")));
        assertThat(destinations).anyMatch(cidr -> cidr.contains(address("203.0.112.255")));
        assertExactMinimalComplement(destinations, internal.ipv4(), false);
    }

    static void assertExactMinimalComplement(List<Cidr> routes, List<Cidr> internal, boolean ipv6) {
        assertThat(routes).allMatch(cidr -> cidr.isIpv6() == ipv6);
        assertThat(routes).isSorted();
        List<AddressSpace.Interval> routed = routes.stream().map(AddressSpace::interval).toList();
        List<AddressSpace.Interval> internalUnion = AddressSpace.union(internal);
        // No overlap: the routes are pairwise disjoint, and none touches an internal range.
        assertThat(AddressSpace.total(routed)).isEqualTo(AddressSpace.total(AddressSpace.union(routes)));
        for (AddressSpace.Interval route : routed) {
            assertThat(internalUnion).noneMatch(range -> AddressSpace.overlap(range, route));
        }
        // Union with the internal ranges is the whole address space.
        assertThat(AddressSpace.total(routed).add(AddressSpace.total(internalUnion)))
                .isEqualTo(AddressSpace.size(ipv6));
        // Minimal: no route could be replaced by its parent block, which always holds something internal.
        for (Cidr route : routes) {
            assertThat(route.prefixLength()).isPositive();
            AddressSpace.Interval parent = AddressSpace.parent(route);
            assertThat(internalUnion).as("parent of %s", route).anyMatch(range -> AddressSpace.overlap(range, parent));
        }
    }

    private static List<Cidr> destinations(List<Route> routes) {
        return routes.stream().map(Route::destination).toList();
    }

    private static InetAddress address(String text) {
        return Cidr.parse(text).address();
    }
}
