package io.egressgate.server.denied;

import io.egressgate.addresses.Cidr;

/** One IPv4 or IPv6 address in canonical text without a prefix ({@code 10.0.0.5}, {@code 2001:db8::1}). */
public record HostAddress(String text) {

    /** @throws IllegalArgumentException when {@code text} is not a single address */
    public static HostAddress parse(String text) {
        Cidr cidr = Cidr.parse(text);
        if (!cidr.isHost()) {
            throw new IllegalArgumentException("'" + text + "' is a network, not one address");
        }
        String canonical = cidr.toString();
        return new HostAddress(canonical.substring(0, canonical.lastIndexOf('/')));
    }

    @Override
    public String toString() {
        return text;
    }
}
