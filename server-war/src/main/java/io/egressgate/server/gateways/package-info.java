/**
 * The gateway channel: the /ws/gateway WebSocket endpoint with bearer-token handshake, the hub
 * that brings every connected gateway up to date (snapshot or delta) and pushes each committed
 * revision, and what gateways report back (acks, traffic counters).
 */
package io.egressgate.server.gateways;
