package io.egressgate.gateway.dataplane;

/**
 * Counters of one allowed destination: {@code out} counts packets from clients towards it,
 * {@code in} counts its replies back to the clients.
 */
public record Traffic(long outBytes, long outPackets, long inBytes, long inPackets) {

    public static final Traffic ZERO = new Traffic(0, 0, 0, 0);

    public Traffic plus(Traffic other) {
        return new Traffic(outBytes + other.outBytes, outPackets + other.outPackets,
                inBytes + other.inBytes, inPackets + other.inPackets);
    }
}
