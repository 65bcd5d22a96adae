package io.egressgate.protocol;

import java.util.Objects;

/**
 * One address a gateway's DNS forwarder let through for {@code name}, and for how much longer it
 * stays allowed there. The expiry is relative, so that the two clocks need not agree. Name and CIDR
 * are text, as everywhere in the protocol: the server checks them one by one and drops one it
 * refuses instead of the whole frame.
 */
public record LearnedAddress(String name, String cidr, long expiresInSeconds) {

    /** A day: longer than any sane TTL plus grace period, and the most a gateway can make the server keep. */
    public static final long MAX_EXPIRES_IN_SECONDS = 86_400;

    public LearnedAddress {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cidr, "cidr");
        if (expiresInSeconds < 1 || expiresInSeconds > MAX_EXPIRES_IN_SECONDS) {
            throw new IllegalArgumentException("expiresInSeconds must be 1 to " + MAX_EXPIRES_IN_SECONDS + ", was "
                    + expiresInSeconds);
        }
    }
}
