package io.egressgate.gateway.allowlist;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import io.egressgate.protocol.ServerPolicy;
import io.egressgate.protocol.Skipped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Checks each published entry before it reaches the kernel. The server already refuses internal and
 * too-broad entries; the gateway checks again so that a server bug or a tampered message can never
 * open an internal range or the whole internet, and skips (rather than fails on) what it refuses. The
 * gateway's own policy and the one the server sends are both applied ({@link #with}).
 */
public final class Screening {

    private static final Logger LOG = Logger.getLogger(Screening.class.getName());
    private static final String SERVER_PURPOSE = "internal_ranges on the server";

    private final AllowlistPolicy policy;
    private final boolean ipv6;

    public Screening(AllowlistPolicy policy, boolean ipv6) {
        this.policy = policy;
        this.ipv6 = ipv6;
    }

    /**
     * Screening with the union of this policy and the server's: the internal ranges of both and the
     * narrower floors. A server range that cannot be read is left out (with a warning): it could only
     * have narrowed the allowlist, and the gateway's own list still applies.
     */
    public Screening with(ServerPolicy server) {
        if (server == null) {
            return this;
        }
        List<Cidr> ranges = new ArrayList<>();
        for (String text : server.internalRanges()) {
            try {
                ranges.add(Cidr.parse(text));
            } catch (IllegalArgumentException e) {
                LOG.warning(() -> "ignoring the server's internal range '" + text + "': " + e.getMessage());
            }
        }
        return new Screening(policy.unionWith(ranges, SERVER_PURPOSE, server.cidrFloorV4(), server.cidrFloorV6()), ipv6);
    }

    public Screened screen(Collection<String> published) {
        SortedSet<Cidr> accepted = new TreeSet<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String text : published) {
            Cidr cidr;
            try {
                cidr = Cidr.parse(text);
            } catch (IllegalArgumentException e) {
                skipped.add(new Skipped(String.valueOf(text), "not an address or CIDR: " + e.getMessage()));
                continue;
            }
            Optional<String> rejection = policy.rejection(cidr);
            if (rejection.isPresent()) {
                skipped.add(new Skipped(text, rejection.get()));
            } else if (cidr.isIpv6() && !ipv6) {
                skipped.add(new Skipped(text, "IPv6 is switched off on this gateway"));
            } else {
                accepted.add(cidr);
            }
        }
        return new Screened(accepted, skipped);
    }

    /** Entries that may reach the kernel, and those that may not with the reason. */
    public record Screened(SortedSet<Cidr> accepted, List<Skipped> skipped) {
    }
}
