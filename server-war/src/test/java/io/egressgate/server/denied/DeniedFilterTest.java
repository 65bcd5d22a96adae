package io.egressgate.server.denied;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeniedFilterTest {

    private static final long NOW = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli();

    @Test
    void blankParametersFilterNothingAndSinceDefaultsToADay() {
        DeniedFilter filter = DeniedFilter.parse(" ", null, "", null, "  ", null, NOW);
        assertThat(filter.since()).isEqualTo(NOW - Duration.ofHours(24).toMillis());
        assertThat(filter.source()).isNull();
        assertThat(filter.destination()).isNull();
        assertThat(filter.text()).isNull();
        assertThat(filter.gateway()).isNull();
        assertThat(filter.limit()).isEqualTo(DeniedFilter.DEFAULT_LIMIT);
    }

    @Test
    void sinceIsATimeOrADurationBackAndAddressesAreCanonical() {
        assertThat(DeniedFilter.parse("2026-12-01T08:00:00Z", null, null, null, null, null, NOW).since())
                .isEqualTo(Instant.parse("2026-12-01T08:00:00Z").toEpochMilli());
        assertThat(DeniedFilter.parse("90m", null, null, null, null, null, NOW).since())
                .isEqualTo(NOW - Duration.ofMinutes(90).toMillis());
        DeniedFilter filter = DeniedFilter.parse("7d", "::ffff:10.0.0.5", "2001:DB8:0::7", " API.Example ", "gw-a", "5", NOW);
        assertThat(filter.source().text()).as("a mapped address is its IPv4").isEqualTo("10.0.0.5");
        assertThat(filter.destination().text()).isEqualTo("2001:db8::7");
        assertThat(filter.text()).isEqualTo("api.example");
        assertThat(filter.limit()).isEqualTo(5);
    }

    @Test
    void aBadParameterIsNamedAndNotEchoedInFull() {
        assertThatThrownBy(() -> DeniedFilter.parse("yesterday", null, null, null, null, null, NOW))
                .hasMessageStartingWith("since must be");
        assertThatThrownBy(() -> DeniedFilter.parse(null, "10.0.0.0/8", null, null, null, null, NOW))
                .hasMessage("source must be one IP address, not '10.0.0.0/8'");
        assertThatThrownBy(() -> DeniedFilter.parse(null, null, "x".repeat(500), null, null, null, NOW))
                .hasMessageStartingWith("destination must be one IP address").hasMessageEndingWith("...'");
        assertThatThrownBy(() -> DeniedFilter.parse(null, null, null, null, "a b", null, NOW))
                .hasMessageStartingWith("gateway must be");
        assertThatThrownBy(() -> DeniedFilter.parse(null, null, null, null, null, "1001", NOW))
                .hasMessageStartingWith("limit must be between 1 and 1000");
        assertThatThrownBy(() -> DeniedFilter.parse(null, null, null, null, null, "-1", NOW))
                .hasMessageStartingWith("limit must be a whole number");
    }

    @Test
    void protocolsAreShortLowerCaseNamesOrNumbers() {
        assertThat(Protocol.canonical("TCP")).contains("tcp");
        assertThat(Protocol.canonical("017")).contains("17");
        assertThat(Protocol.canonical("icmpv6")).contains("icmpv6");
        assertThat(Protocol.canonical("256")).isEmpty();
        assertThat(Protocol.canonical("x".repeat(17))).isEmpty();
        assertThat(Protocol.canonical("tcp; drop table")).isEmpty();
        assertThat(Protocol.canonical("")).isEmpty();
    }
}
