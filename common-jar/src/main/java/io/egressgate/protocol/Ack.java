package io.egressgate.protocol;

import java.util.List;

/**
 * Gateway to server: {@code revision} is now enforced; {@code applied} entries went in, the
 * {@code skipped} ones did not.
 */
public record Ack(long revision, int applied, List<Skipped> skipped, long durationMs) implements GatewayMessage {

    public static final String TYPE = "ack";

    public Ack {
        skipped = List.copyOf(skipped);
        if (revision < 0 || applied < 0 || durationMs < 0) {
            throw new IllegalArgumentException("revision, applied and durationMs must not be negative, were "
                    + revision + ", " + applied + ", " + durationMs);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
