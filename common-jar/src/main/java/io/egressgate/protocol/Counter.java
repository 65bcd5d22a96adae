package io.egressgate.protocol;

import java.util.Objects;

/**
 * Traffic counted for one published address: "out" from clients towards it, "in" from it back to
 * clients.
 */
public record Counter(String cidr, long outBytes, long outPackets, long inBytes, long inPackets) {

    public Counter {
        Objects.requireNonNull(cidr, "cidr");
        if (outBytes < 0 || outPackets < 0 || inBytes < 0 || inPackets < 0) {
            throw new IllegalArgumentException("counters of " + cidr + " must not be negative");
        }
    }
}
