package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;

/** IPv4 or IPv6: which ipset family, which iptables binaries and which of the gateway's sets. */
public enum Family {
    IPV4("inet", "iptables", "4"),
    IPV6("inet6", "ip6tables", "6");

    /** Every kernel object the gateway owns starts with this, so it never mistakes someone else's for its own. */
    public static final String OWNER = "egress-gate";
    public static final String FORWARD_CHAIN = "EGRESS-GATE-FWD";
    public static final String NAT_CHAIN = "EGRESS-GATE-NAT";
    /** Jumped to last in FORWARD: accepts internal traffic, which the DROP policy would otherwise stop. */
    public static final String INTERNAL_CHAIN = "EGRESS-GATE-INT";
    /** In nat PREROUTING with -dns-intercept: sends DNS passing through to the forwarder. */
    public static final String DNS_CHAIN = "EGRESS-GATE-DNS";

    private final String ipsetFamily;
    private final String iptables;
    private final String suffix;

    Family(String ipsetFamily, String iptables, String suffix) {
        this.ipsetFamily = ipsetFamily;
        this.iptables = iptables;
        this.suffix = suffix;
    }

    public static Family of(Cidr cidr) {
        return cidr.isIpv6() ? IPV6 : IPV4;
    }

    public String ipsetFamily() {
        return ipsetFamily;
    }

    public String save() {
        return iptables + "-save";
    }

    public String restore() {
        return iptables + "-restore";
    }

    /** Matched as destination: counts and admits traffic from clients towards an allowed address. */
    public String outboundSet() {
        return OWNER + "-out" + suffix;
    }

    /** The twin, matched as source: counts and admits the replies, so each direction is counted apart. */
    public String inboundSet() {
        return OWNER + "-in" + suffix;
    }

    /**
     * Addresses the DNS forwarder learned from answers for allowed names, each with the kernel's own
     * timeout (TTL + grace): they expire without the gateway doing anything.
     */
    public String learnedSet() {
        return OWNER + "-dns" + suffix;
    }

    /**
     * The connection mark of flows that began towards a learned address: they keep passing after the
     * address expired, so a rotating CDN never cuts a long download. One bit, rarely used by others.
     */
    public static final String LEARNED_MARK = "0x200000";

    /** Filled before a snapshot is swapped in, so the live set is never empty or half filled. */
    public static String temporary(String set) {
        return set + "-new";
    }
}
