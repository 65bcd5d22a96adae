/**
 * The gateway protocol of DESIGN.md: the messages server and gateways exchange over the WebSocket
 * {@code /ws/gateway}, one JSON object per text frame, and their JSON-P codec.
 *
 * <p>CIDRs travel as strings so that a receiver can skip and report one bad entry instead of
 * refusing the whole message.
 */
package io.egressgate.protocol;
