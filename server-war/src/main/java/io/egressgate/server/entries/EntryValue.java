package io.egressgate.server.entries;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import io.egressgate.names.DomainName;
import io.egressgate.names.WildcardName;
import java.util.Optional;

/**
 * A validated entry value in canonical form: a domain as lower-case punycode, a wildcard as
 * {@code *.} and its base in that form, an IP as its address, a CIDR as network/prefix. IPs and
 * CIDRs have already passed the allowlist policy, wildcards the Public Suffix List.
 */
public record EntryValue(EntryKind kind, String canonical, Optional<Cidr> cidr) {

    private static final int MAX_INPUT = 300;

    public static EntryValue parse(String raw, AllowlistPolicy policy) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("value is required: a domain, a wildcard (*.example.com), an IP address or a CIDR");
        }
        String text = raw.strip();
        if (text.length() > MAX_INPUT) {
            throw new IllegalArgumentException("value is longer than " + MAX_INPUT + " characters");
        }
        if (WildcardName.looksLikeWildcard(text)) {
            return new EntryValue(EntryKind.WILDCARD, WildcardName.parse(text).ascii(), Optional.empty());
        }
        if (looksLikeAddress(text)) {
            Cidr cidr = policy.requireAllowed(Cidr.parse(text));
            return cidr.isHost()
                    ? new EntryValue(EntryKind.IP, cidr.addressText(), Optional.of(cidr))
                    : new EntryValue(EntryKind.CIDR, cidr.toString(), Optional.of(cidr));
        }
        return new EntryValue(EntryKind.DOMAIN, DomainName.parse(text).ascii(), Optional.empty());
    }

    /** Anything with a colon or a slash, or made only of digits and dots, is meant as an address. */
    private static boolean looksLikeAddress(String text) {
        return text.indexOf(':') >= 0 || text.indexOf('/') >= 0 || text.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    /** The address this value puts on the allowlist; domains get theirs from the resolver, wildcards none. */
    public Optional<String> allowlistCidr() {
        return cidr.map(Cidr::toString);
    }
}
