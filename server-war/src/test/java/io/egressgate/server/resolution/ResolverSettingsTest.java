package io.egressgate.server.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResolverSettingsTest {

    private static ResolverSettings of(Map<String, String> config) {
        return ResolverSettings.from(key -> Optional.ofNullable(config.get(key)));
    }

    @Test
    void defaultsAreTheIssues() {
        ResolverSettings s = of(Map.of());
        assertThat(s.servers()).isEmpty();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.minTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.grace()).isEqualTo(Duration.ofSeconds(600));
        assertThat(s.maxAddresses()).isEqualTo(1000);
        assertThat(s.queryTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void dnsServersAcceptHostHostPortAndBracketedIpv6() {
        ResolverSettings s = of(Map.of("dns_servers", "127.0.0.1, 127.0.0.1:5353,[::1]:5300,::1"));
        assertThat(s.servers()).extracting(InetSocketAddress::getPort).containsExactly(53, 5353, 5300, 53);
        assertThat(s.servers().get(2).getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> of(Map.of("dns_servers", "127.0.0.1:99999")))
                .hasMessageContaining("dns_servers entry '127.0.0.1:99999'");
        assertThatThrownBy(() -> of(Map.of("resolve_interval", "soon"))).hasMessageStartingWith("resolve_interval");
        assertThatThrownBy(() -> of(Map.of("resolve_interval", "10", "min_ttl", "30"))).hasMessageStartingWith("min_ttl");
        assertThatThrownBy(() -> of(Map.of("max_addresses_per_domain", "0"))).hasMessageStartingWith("max_addresses_per_domain");
        assertThatThrownBy(() -> of(Map.of("dns_timeout", "-1"))).hasMessageStartingWith("dns_timeout");
    }

    @Test
    void theNextQueryFollowsTheTtlWithinMinTtlAndTheInterval() {
        ResolverSettings s = of(Map.of("resolve_interval", "60", "min_ttl", "5"));
        assertThat(s.nextAfterAnswer(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.nextAfterAnswer(20)).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.nextAfterAnswer(86_400)).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.nextAfterAnswer(-1)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void failingNamesBackOffUpToTheInterval() {
        ResolverSettings s = of(Map.of("resolve_interval", "60", "min_ttl", "5"));
        assertThat(s.nextAfterFailure(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.nextAfterFailure(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.nextAfterFailure(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(s.nextAfterFailure(4)).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.nextAfterFailure(100)).isEqualTo(Duration.ofSeconds(60));
    }
}
