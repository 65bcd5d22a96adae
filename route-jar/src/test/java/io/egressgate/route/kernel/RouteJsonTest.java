package io.egressgate.route.kernel;

import io.egressgate.addresses.Cidr;
import io.egressgate.route.routes.IpFamily;
import io.egressgate.route.routes.KernelRoute;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Samples captured from iproute2 6.1 ({@code ip -N -json ...}) in a test namespace. */
class RouteJsonTest {

    @Test
    void readsOwnedForeignConnectedAndSpecialRoutes() throws KernelException {
        String json = "[{\"dst\":\"default\",\"gateway\":\"10.62.0.254\",\"dev\":\"egr0\",\"flags\":[]},"
                + "{\"dst\":\"1.0.0.0/8\",\"gateway\":\"10.62.0.254\",\"dev\":\"egr0\",\"protocol\":\"4\",\"flags\":[]},"
                + "{\"type\":\"6\",\"dst\":\"5.0.0.0/8\",\"flags\":[]},"
                + "{\"dst\":\"8.0.0.0/7\",\"gateway\":\"10.62.0.1\",\"dev\":\"egr0\",\"protocol\":\"230\",\"metric\":7,\"flags\":[]},"
                + "{\"dst\":\"8.8.8.8\",\"gateway\":\"10.62.0.1\",\"dev\":\"egr0\",\"protocol\":\"static\",\"flags\":[]},"
                + "{\"dst\":\"10.62.0.0/24\",\"dev\":\"egr0\",\"protocol\":\"2\",\"scope\":\"253\",\"prefsrc\":\"10.62.0.2\",\"flags\":[]}]";

        List<KernelRoute> routes = RouteJson.routes(json, IpFamily.IPV4);

        assertThat(routes).containsExactly(
                new KernelRoute(Cidr.parse("0.0.0.0/0"), 0, 3, Cidr.parse("10.62.0.254").address(), "egr0", true),
                new KernelRoute(Cidr.parse("1.0.0.0/8"), 0, 4, Cidr.parse("10.62.0.254").address(), "egr0", true),
                new KernelRoute(Cidr.parse("5.0.0.0/8"), 0, 3, null, null, false),
                new KernelRoute(Cidr.parse("8.0.0.0/7"), 7, 230, Cidr.parse("10.62.0.1").address(), "egr0", true),
                new KernelRoute(Cidr.parse("8.8.8.8/32"), 0, 4, Cidr.parse("10.62.0.1").address(), "egr0", true),
                new KernelRoute(Cidr.parse("10.62.0.0/24"), 0, 2, null, "egr0", true));
    }

    @Test
    void readsIpv6RoutesWithTheirMetricAndDefault() throws KernelException {
        String json = "[{\"dst\":\"2001:db8:62::/64\",\"dev\":\"egr0\",\"protocol\":\"2\",\"metric\":256,\"flags\":[],\"pref\":\"medium\"},"
                + "{\"dst\":\"2000::/3\",\"gateway\":\"2001:db8:62::1\",\"dev\":\"egr0\",\"protocol\":\"230\",\"metric\":1024,\"flags\":[],\"pref\":\"medium\"},"
                + "{\"dst\":\"default\",\"gateway\":\"fe80::1\",\"dev\":\"egr0\",\"protocol\":\"9\",\"metric\":1024,\"flags\":[]}]";

        List<KernelRoute> routes = RouteJson.routes(json, IpFamily.IPV6);

        assertThat(routes).extracting(KernelRoute::destination).extracting(Cidr::toString)
                .containsExactly("2001:db8:62::/64", "2000::/3", "::/0");
        assertThat(routes.get(1)).isEqualTo(new KernelRoute(Cidr.parse("2000::/3"), 1024, 230,
                Cidr.parse("2001:db8:62::1").address(), "egr0", true));
    }

    @Test
    void anEmptyTableAndEmptyOutputAreNoRoutes() throws KernelException {
        assertThat(RouteJson.routes("[]", IpFamily.IPV4)).isEmpty();
        assertThat(RouteJson.routes("\n", IpFamily.IPV6)).isEmpty();
    }

    @Test
    void brokenOutputIsAKernelExceptionNotACrash() {
        assertThatThrownBy(() -> RouteJson.routes("[{\"dst\":", IpFamily.IPV4))
                .isInstanceOf(KernelException.class)
                .hasMessageStartingWith("cannot read the output of ip -json");
    }

    @Test
    void lookupTellsConnectedRoutedAndLocalApart() throws KernelException {
        var destination = Cidr.parse("10.62.0.1").address();

        RouteLookup connected = RouteJson.lookup("[{\"dst\":\"10.62.0.1\",\"dev\":\"egr0\",\"prefsrc\":\"10.62.0.2\","
                + "\"flags\":[],\"uid\":0,\"cache\":[]}]", destination);
        RouteLookup routed = RouteJson.lookup("[{\"dst\":\"10.62.0.1\",\"gateway\":\"10.62.0.254\",\"dev\":\"egr0\","
                + "\"flags\":[],\"uid\":0,\"cache\":[]}]", destination);
        RouteLookup local = RouteJson.lookup("[{\"type\":\"2\",\"dst\":\"10.62.0.1\",\"dev\":\"lo\",\"flags\":[],"
                + "\"cache\":[\"local\"]}]", destination);
        RouteLookup unreachable = RouteJson.lookup("[{\"type\":\"7\",\"dst\":\"10.62.0.1\",\"flags\":[]}]", destination);

        assertThat(connected.isOnLink()).isTrue();
        assertThat(connected.device()).isEqualTo("egr0");
        assertThat(routed.isOnLink()).isFalse();
        assertThat(routed.nextHop()).isEqualTo(Cidr.parse("10.62.0.254").address());
        assertThat(local.local()).isTrue();
        assertThat(local.isOnLink()).isFalse();
        assertThat(unreachable.isReachable()).isFalse();
        assertThat(unreachable.unreachable()).contains("unreachable");
    }
}
