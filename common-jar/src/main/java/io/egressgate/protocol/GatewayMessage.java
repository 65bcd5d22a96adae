package io.egressgate.protocol;

/** One frame of the gateway protocol; {@link #type()} is the frame's "type" field. */
public sealed interface GatewayMessage permits Hello, Snapshot, Delta, Ack, Stats, Learned, Denied {

    String type();
}
