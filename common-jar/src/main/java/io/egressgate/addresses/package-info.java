/**
 * IP addresses and CIDRs as validated value objects, inclusive address ranges with their exact CIDR
 * cover, and the internal-range policy that decides what may ever be allowlisted or routed to a gateway.
 *
 * <p>Literals are parsed here by hand, never via {@code InetAddress.getByName}, so a hostname can
 * never cause a DNS lookup and IPv4-mapped IPv6 addresses are handled on purpose, not by accident.
 */
package io.egressgate.addresses;
