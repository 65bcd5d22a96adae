package io.egressgate.server.gateways;

import io.egressgate.server.security.Caller;
import io.egressgate.server.security.Role;
import io.egressgate.server.security.TokenStore;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Optional;

/**
 * Checks the gateway's bearer token during the HTTP upgrade. WebSocket 2.1 copies these user
 * properties into the new session only, so concurrent handshakes cannot see each other's caller.
 */
public class GatewayHandshake extends ServerEndpointConfig.Configurator {

    static final String CALLER = "egressgate.caller";
    static final String DENIED = "egressgate.denied";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        config.getUserProperties().remove(CALLER);
        config.getUserProperties().remove(DENIED);
        List<String> headers = request.getHeaders().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Authorization"))
                .flatMap(e -> e.getValue().stream()).toList();
        Optional<Caller> caller = headers.stream().filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .findFirst().flatMap(CDI.current().select(TokenStore.class).get()::checkAuthorization);
        if (caller.isEmpty()) {
            config.getUserProperties().put(DENIED, headers.isEmpty() ? "no bearer token" : "unknown or revoked token");
        } else if (caller.get().role() != Role.GATEWAY) {
            config.getUserProperties().put(DENIED, "not a gateway token");
        } else {
            config.getUserProperties().put(CALLER, caller.get());
        }
    }
}
