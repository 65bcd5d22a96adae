package io.egressgate.protocol;

import java.util.List;

/**
 * Gateway to server (protocol version 4), in batches: the new connections the gateway denied, or
 * would have denied in report mode, aggregated per source, destination, protocol and port per
 * minute. Only for a server that said it takes them ({@link Snapshot#accepts}, {@link Delta#accepts}
 * with {@value #TYPE}): an older one closes on the unknown type.
 *
 * @param records the aggregates, at most {@value #MAX_RECORDS}
 * @param dropped how many denied connections the gateway's limits (rate, memory, spool) discarded
 *                since its previous {@code denied} frame, so that the server's counts are honest
 *                about what they miss
 */
public record Denied(List<DeniedRecord> records, long dropped) implements GatewayMessage {

    public static final String TYPE = "denied";
    /** Bounds what one frame costs the server: one transaction of at most this many rows. */
    public static final int MAX_RECORDS = 1_000;

    public Denied {
        records = List.copyOf(records);
        if (records.size() > MAX_RECORDS) {
            throw new IllegalArgumentException("at most " + MAX_RECORDS + " records per frame, was " + records.size());
        }
        if (dropped < 0) {
            throw new IllegalArgumentException("dropped must not be negative, was " + dropped);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
