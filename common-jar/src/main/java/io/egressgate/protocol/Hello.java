package io.egressgate.protocol;

import java.util.Objects;

/**
 * Gateway to server, first on every connection: who the gateway is and what it last applied, so the
 * server can answer with a delta when {@code (epoch, revision)} is known, or a snapshot otherwise.
 *
 * @param epoch    the epoch of the last applied revision, null when nothing was applied yet
 * @param revision the last applied revision, null when nothing was applied yet
 */
public record Hello(String gatewayId, String hostname, String version, String epoch, Long revision)
        implements GatewayMessage {

    public static final String TYPE = "hello";

    public Hello {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(version, "version");
        if (revision != null && revision < 0) {
            throw new IllegalArgumentException("revision must not be negative, was " + revision);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
