package io.egressgate.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SiteTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 9})
    void namesFitTheKernelAndCarryTheModulePrefix(int number) {
        Site site = new Site(number);
        List<String> names = List.of(site.gateway().name(), site.client().name(), site.link("s"), site.link("c"),
                site.link("p"), site.gatewayLink("s"), site.gatewayLink("c"), site.gatewayLink("p"));

        assertThat(names).allMatch(name -> name.startsWith(Topology.PREFIX)).allMatch(name -> name.length() <= 15)
                .doesNotHaveDuplicates();
    }

    @Test
    void addressesStayInsideTheBoxRangeAndSitesDoNotShareNetworks() {
        Site one = new Site(1);
        Site two = new Site(2);
        List<String> addresses = List.of(one.serverSide(), one.gatewayServerSide(), one.gatewayClientSide(),
                one.clientAddress(), one.gatewayPublicSide(), one.publicSideAddress(), two.serverSide(),
                two.gatewayServerSide(), two.gatewayClientSide(), two.clientAddress(), two.gatewayPublicSide(),
                two.publicSideAddress(), Topology.DNS_SERVER, Topology.INTERNAL_HOST);

        assertThat(addresses).allMatch(address -> address.startsWith("10.63.")).doesNotHaveDuplicates();
        assertThat(one.clientNetwork()).isEqualTo("10.63.11.0/24");
        assertThat(two.clientNetwork()).isEqualTo("10.63.21.0/24");
        assertThat(Topology.PUBLIC_HOSTS).allMatch(host -> host.startsWith("203.0.113.") || host.startsWith("198.51.100."));
        assertThatThrownBy(() -> new Site(10)).isInstanceOf(IllegalArgumentException.class);
    }
}
