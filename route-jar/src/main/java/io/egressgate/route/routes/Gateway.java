package io.egressgate.route.routes;

import io.egressgate.addresses.Cidr;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The next hop for public traffic. The device is needed only for an IPv6 link-local gateway
 * ({@code fe80::1%eth0}), whose address means nothing without the link it lives on.
 */
public record Gateway(InetAddress address, String device) {

    public Gateway {
        Objects.requireNonNull(address, "address");
        if (device != null && device.isBlank()) {
            device = null;
        }
    }

    public static Gateway of(InetAddress address) {
        return new Gateway(address, null);
    }

    public IpFamily family() {
        return IpFamily.of(address);
    }

    public Optional<String> onDevice() {
        return Optional.ofNullable(device);
    }

    /** The address in canonical text without prefix, as `ip` takes it ("2001:db8::1", not the long form). */
    public String addressText() {
        return hostText(address);
    }

    static String hostText(InetAddress address) {
        String cidr = Cidr.host(address).toString();
        return cidr.substring(0, cidr.indexOf('/'));
    }

    @Override
    public String toString() {
        return device == null ? addressText() : addressText() + "%" + device;
    }
}
