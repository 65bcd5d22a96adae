/**
 * The kernel side of the gateway: the {@link io.egressgate.gateway.dataplane.Dataplane} interface and its
 * ipset/iptables implementation, reconciled the way Calico Felix does it (desired state in memory,
 * read what the kernel holds, diff, apply in one batch, read back, count repairs).
 */
package io.egressgate.gateway.dataplane;
