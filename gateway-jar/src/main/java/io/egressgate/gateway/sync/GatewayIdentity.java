package io.egressgate.gateway.sync;

import io.egressgate.protocol.Hello;

/** How the gateway introduces itself in {@code hello}, with the mode it runs in (enforce or report). */
public record GatewayIdentity(String gatewayId, String hostname, String version, String mode) {

    public GatewayIdentity(String gatewayId, String hostname, String version) {
        this(gatewayId, hostname, version, Hello.ENFORCE);
    }
}
