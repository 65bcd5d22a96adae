package io.egressgate.gateway.sync;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerAddressesTest {

    @Test
    void hostAndPortMeansTheSecureEndpoint() {
        assertThat(ServerAddresses.parse(List.of("server:8181")))
                .containsExactly(URI.create("wss://server:8181/ws/gateway"));
    }

    @Test
    void fullUrlsAreKeptAndSeveralMayBeGivenEitherWay() {
        assertThat(ServerAddresses.parse(List.of("wss://a:8181/ws/gateway, ws://127.0.0.1:9/custom", "https://b")))
                .containsExactly(URI.create("wss://a:8181/ws/gateway"), URI.create("ws://127.0.0.1:9/custom"),
                        URI.create("wss://b/ws/gateway"));
    }

    @Test
    void nonsenseIsRefusedWithAMessage() {
        assertThatThrownBy(() -> ServerAddresses.parse(List.of("ftp://a/b"))).hasMessageContaining("wss://");
        assertThatThrownBy(() -> ServerAddresses.parse(List.of(" , "))).hasMessageContaining("no server");
    }
}
