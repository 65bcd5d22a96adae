package io.egressgate.server.entries;

public enum EntryKind {
    DOMAIN, IP, CIDR,
    /** {@code *.example.com}: names gateways allow below a base; never resolved, so no addresses of its own. */
    WILDCARD;

    /** Domains and wildcards are names gateways are told to allow; IPs and CIDRs are addresses. */
    public boolean isName() {
        return this == DOMAIN || this == WILDCARD;
    }
}
