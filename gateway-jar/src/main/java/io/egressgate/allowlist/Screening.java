package io.egressgate.allowlist;

import io.egressgate.addresses.AllowlistPolicy;
import io.egressgate.addresses.Cidr;
import io.egressgate.protocol.Skipped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Checks each published entry before it reaches the kernel. The server already refuses internal and
 * too-broad entries; the gateway checks again so that a server bug or a tampered message can never
 * open an internal range or the whole internet, and skips (rather than fails on) what it refuses.
 */
public final class Screening {

    private final AllowlistPolicy policy;
    private final boolean ipv6;

    public Screening(AllowlistPolicy policy, boolean ipv6) {
        this.policy = policy;
        this.ipv6 = ipv6;
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

    /**
     * A saved allowlist screened again with today's policy before it is enforced: the file may come
     * from an older version with a shorter internal list, or have been edited. IPv6 being switched off
     * is no reason to forget an entry; the dataplane just leaves it out.
     */
    public Screened rescreen(SortedSet<Cidr> saved) {
        SortedSet<Cidr> accepted = new TreeSet<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Cidr cidr : saved) {
            Optional<String> rejection = policy.rejection(cidr);
            if (rejection.isPresent()) {
                skipped.add(new Skipped(cidr.toString(), rejection.get()));
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
