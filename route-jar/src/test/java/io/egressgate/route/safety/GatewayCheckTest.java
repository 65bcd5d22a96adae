package io.egressgate.route.safety;

import io.egressgate.addresses.Cidr;
import io.egressgate.route.kernel.KernelException;
import io.egressgate.route.kernel.KernelModel;
import io.egressgate.route.kernel.RouteLookup;
import io.egressgate.route.routes.Gateway;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayCheckTest {

    private static final InetAddress GATEWAY = address("10.62.0.1");
    private static final InetAddress ROUTER = address("10.62.0.254");

    @Test
    void aGatewayOnAConnectedNetworkIsAccepted() {
        assertThat(GatewayCheck.refusal(Gateway.of(GATEWAY), new RouteLookup(GATEWAY, null, "egr0", false, null)))
                .isEmpty();
    }

    @Test
    void aGatewayBehindARouterIsRefusedWithTheRouterNamed() {
        assertThat(GatewayCheck.refusal(Gateway.of(GATEWAY), new RouteLookup(GATEWAY, ROUTER, "egr0", false, null)))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("10.62.0.1", "not on a connected network", "via router 10.62.0.254 on egr0"));
    }

    @Test
    void anUnreachableGatewayIsRefusedWithTheKernelsReason() {
        assertThat(GatewayCheck.refusal(Gateway.of(GATEWAY),
                RouteLookup.unreachable(GATEWAY, "RTNETLINK answers: Network is unreachable")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not reachable", "Network is unreachable"));
    }

    @Test
    void theHostsOwnAddressIsRefused() {
        assertThat(GatewayCheck.refusal(Gateway.of(GATEWAY), new RouteLookup(GATEWAY, null, "lo", true, null)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("address of this host"));
    }

    @Test
    void aLinkLocalGatewayMustBeOnTheNamedDevice() {
        Gateway linkLocal = new Gateway(address("fe80::1"), "egr0");

        assertThat(GatewayCheck.refusal(linkLocal, new RouteLookup(linkLocal.address(), null, "egr1", false, null)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("reached on egr1, not on egr0"));
        assertThat(GatewayCheck.refusal(linkLocal, new RouteLookup(linkLocal.address(), null, "egr0", false, null)))
                .isEmpty();
    }

    @Test
    void everyGatewayIsCheckedAndTheFirstRefusalWins() throws KernelException {
        InetAddress gateway6 = address("2001:db8:62::1");
        KernelModel kernel = new KernelModel()
                .answerLookup(new RouteLookup(gateway6, address("2001:db8:62::fe"), "egr0", false, null));

        GatewayCheck check = new GatewayCheck(kernel, List.of(Gateway.of(GATEWAY), Gateway.of(gateway6)));

        assertThat(check.refusal()).hasValueSatisfying(reason -> assertThat(reason).contains("2001:db8:62::1"));
        assertThat(new GatewayCheck(kernel, List.of(Gateway.of(GATEWAY))).refusal()).isEmpty();
    }

    private static InetAddress address(String text) {
        return Cidr.parse(text).address();
    }
}
