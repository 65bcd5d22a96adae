/**
 * The boundary to Payara's Domain Data Grid (Hazelcast), present only when {@code cluster_mode} is
 * set: who among the instances runs the one-at-a-time jobs, and the topics on which an instance
 * tells the others what it committed. What the messages mean stays with their owners
 * ({@code gateways} for revisions, {@code security} for revocations).
 */
package io.egressgate.server.grid;
