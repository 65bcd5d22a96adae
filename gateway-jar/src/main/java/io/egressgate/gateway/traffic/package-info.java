/**
 * Traffic per allowed address and the gateway's health, exported to Prometheus: the seed's
 * {@code iptables_bytes_count} and {@code iptables_packets_count} read from the set counters, plus
 * connection, revision, sync time, apply duration, drift repairs and skipped entries.
 */
package io.egressgate.gateway.traffic;
