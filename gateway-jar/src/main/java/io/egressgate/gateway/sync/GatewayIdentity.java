package io.egressgate.gateway.sync;

/** How the gateway introduces itself in {@code hello}. */
public record GatewayIdentity(String gatewayId, String hostname, String version) {
}
