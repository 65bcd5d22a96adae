package io.egressgate.gateway.dns;

import io.egressgate.addresses.Cidr;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How the forwarder runs.
 *
 * @param listen            where it answers clients, UDP and TCP on each
 * @param upstreams         the resolvers it asks, in turn
 * @param upstreamTimeout   how long one upstream may take before the next is asked
 * @param allowFrom         the only client sources it answers (not an open resolver)
 * @param refuseUnlisted    REFUSED for names the allowlist does not allow, instead of the upstream's answer
 * @param minTtl            the shortest time a learned address stays allowed
 * @param gracePeriod       how much longer than its TTL a learned address stays allowed
 * @param queriesPerSecond  per client address; more are refused
 */
public record ForwarderSettings(List<InetSocketAddress> listen, List<InetSocketAddress> upstreams,
                                Duration upstreamTimeout, List<Cidr> allowFrom, boolean refuseUnlisted,
                                Duration minTtl, Duration gracePeriod, int queriesPerSecond) {

    public ForwarderSettings {
        listen = List.copyOf(listen);
        upstreams = List.copyOf(upstreams);
        allowFrom = List.copyOf(allowFrom);
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("the DNS forwarder needs at least one upstream (-dns-upstream)");
        }
    }

    /** How long an address answered with this TTL stays in the kernel: max(TTL, min TTL) + grace. */
    public Duration lifetime(long ttlSeconds) {
        return Duration.ofSeconds(Math.max(ttlSeconds, minTtl.toSeconds())).plus(gracePeriod);
    }
}
