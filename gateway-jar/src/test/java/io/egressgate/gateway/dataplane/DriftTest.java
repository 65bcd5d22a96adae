package io.egressgate.gateway.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressgate.addresses.InternalRanges;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drift metric's label is read from what the dataplane writes about each repair. */
class DriftTest {

    @Test
    void eachRepairTheDataplaneDescribesHasItsKind() {
        assertThat(Drift.kindOf("set egress-gate-out4 missing")).isEqualTo("set");
        assertThat(Drift.kindOf("set egress-gate-out6: 2 missing, 0 unexpected")).isEqualTo("set");
        assertThat(Drift.kindOf("filter FORWARD policy is ACCEPT, not DROP")).isEqualTo("policy");
        assertThat(Drift.kindOf("filter chain EGRESS-GATE-FWD missing")).isEqualTo("chain");
        assertThat(Drift.kindOf("nat chain EGRESS-GATE-NAT holds 0 rules, not the 2 expected")).isEqualTo("chain");
        assertThat(Drift.kindOf("filter FORWARD has 2 jumps to EGRESS-GATE-FWD, not one")).isEqualTo("jump");
        assertThat(Drift.kindOf("filter FORWARD jump to EGRESS-GATE-FWD is not the first rule")).isEqualTo("jump");
    }

    @Test
    void whatTheTableLayoutReportsNeverFallsOutsideTheKinds() {
        DataplaneOptions options = new DataplaneOptions(EnumSet.allOf(Family.class), true, false, InternalRanges.defaults());
        TableLayout filter = options.filter(Family.IPV4);
        String opened = "*filter\n:FORWARD ACCEPT [0:0]\n:" + filter.ownChain() + " - [0:0]\n"
                + "-A FORWARD -j DOCKER\n-A FORWARD -j " + filter.ownChain() + "\n-A FORWARD -j " + filter.ownChain() + "\nCOMMIT\n";
        List<String> found = filter.differences(TableState.parse(opened, "filter", "FORWARD", filter.ownChain()));

        assertThat(found).hasSizeGreaterThanOrEqualTo(3);
        assertThat(found.stream().map(Drift::kindOf)).doesNotContain("other").contains("policy", "chain", "jump");
    }
}
