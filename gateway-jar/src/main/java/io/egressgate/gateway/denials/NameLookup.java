package io.egressgate.gateway.denials;

import io.egressgate.addresses.Cidr;

/** The name a source last resolved to a destination (through the gateway's DNS forwarder), or null. */
@FunctionalInterface
public interface NameLookup {

    NameLookup NONE = (source, destination) -> null;

    String lastName(Cidr source, Cidr destination);
}
