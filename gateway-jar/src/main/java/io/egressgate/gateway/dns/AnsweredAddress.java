package io.egressgate.gateway.dns;

import io.egressgate.addresses.Cidr;

/** An address an answer gave for the asked name (directly or at the end of its CNAME chain), with its TTL. */
public record AnsweredAddress(Cidr address, long ttlSeconds) {
}
