package io.egressgate.protocol;

import java.util.Objects;

/**
 * The denied new connections of one minute from one source to one destination port. Addresses and
 * the name are text, as everywhere in the protocol: the server checks them one by one and drops a
 * record it refuses instead of the whole frame.
 *
 * @param source      the client's address, {@code 10.0.0.5} or {@code fd00::5}
 * @param destination the address it tried to reach
 * @param protocol    {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6} or the IP protocol number as text
 * @param port        the destination port, 0 for protocols without ports
 * @param name        the name the source last resolved to the destination through the gateway's DNS
 *                    forwarder, null when none is known
 * @param firstSeen   the first attempt, Unix seconds on the gateway's clock
 * @param lastSeen    the last attempt in the same minute, Unix seconds
 * @param count       the attempts, at least 1
 * @param wouldDeny   true when the gateway ran in report mode and let the connection through
 */
public record DeniedRecord(String source, String destination, String protocol, int port, String name,
                           long firstSeen, long lastSeen, long count, boolean wouldDeny) {

    public static final int MAX_PORT = 65_535;

    public DeniedRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port must be 0 to " + MAX_PORT + ", was " + port);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        if (firstSeen < 0 || lastSeen < firstSeen) {
            throw new IllegalArgumentException("firstSeen must be 0 or later and lastSeen not before it, were "
                    + firstSeen + " and " + lastSeen);
        }
    }
}
