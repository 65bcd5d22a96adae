package io.egressgate.route.routes;

import io.egressgate.addresses.Cidr;

import java.net.Inet6Address;
import java.net.InetAddress;

/** IPv4 or IPv6: the kernel keeps a separate routing table for each, and `ip` reads one at a time. */
public enum IpFamily {
    IPV4("-4", 0, "IPv4"),
    IPV6("-6", 1024, "IPv6");

    private final String ipOption;
    private final int defaultMetric;
    private final String displayName;

    IpFamily(String ipOption, int defaultMetric, String displayName) {
        this.ipOption = ipOption;
        this.defaultMetric = defaultMetric;
        this.displayName = displayName;
    }

    public static IpFamily of(Cidr cidr) {
        return cidr.isIpv6() ? IPV6 : IPV4;
    }

    public static IpFamily of(InetAddress address) {
        return address instanceof Inet6Address ? IPV6 : IPV4;
    }

    public boolean isIpv6() {
        return this == IPV6;
    }

    /** The option that makes `ip` work on this family. */
    public String ipOption() {
        return ipOption;
    }

    /**
     * The metric the kernel gives a route added without one. IPv6 also turns an explicit 0 into
     * 1024, so the desired metric must be normalised the same way or it would never match.
     */
    public int normalisedMetric(Integer requested) {
        if (requested == null || (isIpv6() && requested == 0)) {
            return defaultMetric;
        }
        return requested;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
