package io.egressgate.protocol;

import java.util.List;

/** Gateway to server, periodically: the per-address traffic counters. */
public record Stats(List<Counter> counters) implements GatewayMessage {

    public static final String TYPE = "stats";

    public Stats {
        counters = List.copyOf(counters);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
