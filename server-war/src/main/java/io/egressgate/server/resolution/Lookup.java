package io.egressgate.server.resolution;

import java.net.InetAddress;
import java.util.List;

/** What DNS said about one name: its addresses, or why there is no answer. */
public sealed interface Lookup permits Lookup.Answered, Lookup.Failed {

    /** Why a name has no answer. None of these removes an address by itself (fail static). */
    enum Failure {
        NXDOMAIN, SERVFAIL, REFUSED, TIMEOUT, UNREACHABLE, CNAME_LOOP, ERROR
    }

    /**
     * An answer. A family whose query failed (A or AAAA) is not known: its addresses are neither
     * confirmed nor retired, and {@code partialError} says why.
     *
     * @param ttlSeconds the smallest TTL on the way (CNAMEs included), or -1 when the answer gave none
     * @param aliases    the CNAME chain followed from the name, in order
     */
    record Answered(List<InetAddress> addresses, boolean ipv4Known, boolean ipv6Known, long ttlSeconds,
                    List<String> aliases, String partialError) implements Lookup {
        public Answered {
            addresses = List.copyOf(addresses);
            aliases = List.copyOf(aliases);
        }

        boolean knows(boolean ipv6) {
            return ipv6 ? ipv6Known : ipv4Known;
        }
    }

    /** @param message what happened, without the name, so that one outage reads as one message */
    record Failed(Failure failure, String message) implements Lookup {
    }
}
