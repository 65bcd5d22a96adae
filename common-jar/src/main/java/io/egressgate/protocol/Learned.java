package io.egressgate.protocol;

import java.util.List;

/**
 * Gateway to server (protocol version 3), at most once a second: the addresses the gateway's DNS
 * forwarder learned or learned again since its last report. Only for a server that said it takes
 * them ({@link Snapshot#accepts}, {@link Delta#accepts}): an older one closes on the unknown type.
 */
public record Learned(List<LearnedAddress> addresses) implements GatewayMessage {

    public static final String TYPE = "learned";
    /** Bounds what one frame costs the server: one transaction of at most this many rows. */
    public static final int MAX_ADDRESSES = 1_000;

    public Learned {
        addresses = List.copyOf(addresses);
        if (addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("at most " + MAX_ADDRESSES + " addresses per frame, was "
                    + addresses.size());
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
