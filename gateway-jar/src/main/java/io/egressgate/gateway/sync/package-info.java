/**
 * Keeping the gateway in step with the server: the sync state machine (hello, snapshot parts, deltas
 * in order, acks), the WebSocket link that carries it (reconnect with backoff, fail-over between
 * servers, ping/pong liveness) and how the server's address and credentials are given.
 */
package io.egressgate.gateway.sync;
