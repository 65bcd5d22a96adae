package io.egressgate.server.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FleetPresenceTest {

    @Test
    void aListReadsBackAsItWasWrittenWithoutTheRevision() {
        List<GatewayHub.LiveGateway> live = List.of(
                new GatewayHub.LiveGateway("gw-2", "host-b", 7L, 1_700_000_000_002L, "report"),
                new GatewayHub.LiveGateway("gw-1", "host-a", null, 1_700_000_000_001L, null));
        assertThat(FleetPresence.decode(FleetPresence.encode(live))).containsExactly(
                new GatewayHub.LiveGateway("gw-1", "host-a", null, 1_700_000_000_001L, null),
                new GatewayHub.LiveGateway("gw-2", "host-b", null, 1_700_000_000_002L, "report"));
    }

    @Test
    void aTabOrLineBreakInAHostNameCannotAddAGateway() {
        String list = FleetPresence.encode(List.of(
                new GatewayHub.LiveGateway("gw-1", "evil\ngw-fake\thost\tenforce\t1", null, 5L, "enforce")));
        assertThat(FleetPresence.decode(list)).singleElement().satisfies(g -> {
            assertThat(g.gatewayId()).isEqualTo("gw-1");
            assertThat(g.hostname()).isEqualTo("evil gw-fake host enforce 1");
        });
    }

    @Test
    void noConnectionsIsAnEmptyList() {
        assertThat(FleetPresence.decode(FleetPresence.encode(List.of()))).isEmpty();
    }
}
