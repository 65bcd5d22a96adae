package io.egressgate.gateway.allowlist;

import io.egressgate.addresses.Cidr;
import io.egressgate.protocol.ServerPolicy;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The allowlist the kernel enforces: the accepted destinations, the published entries that were
 * skipped (with why), and the server's {@code (epoch, revision)} they correspond to. Epoch and
 * revision are null before the first sync.
 *
 * @param serverPolicy the server's additions to the screening policy that {@code allowed} passed; null
 *                     when the server sent none
 * @param names        the names the allowlist allows, exact and {@code *.} wildcards, for the DNS
 *                     forwarder; empty from servers that send none
 */
public record AppliedAllowlist(String epoch, Long revision, SortedSet<Cidr> allowed, Map<String, String> skipped,
                               ServerPolicy serverPolicy, SortedSet<String> names) {

    public AppliedAllowlist {
        if ((epoch == null) != (revision == null)) {
            throw new IllegalArgumentException("epoch and revision are known together or not at all");
        }
        allowed = Collections.unmodifiableSortedSet(new TreeSet<>(allowed));
        skipped = Collections.unmodifiableMap(new TreeMap<>(skipped));
        names = Collections.unmodifiableSortedSet(new TreeSet<>(names));
    }

    /** A state without names. */
    public AppliedAllowlist(String epoch, Long revision, SortedSet<Cidr> allowed, Map<String, String> skipped,
                            ServerPolicy serverPolicy) {
        this(epoch, revision, allowed, skipped, serverPolicy, new TreeSet<>());
    }

    /** A state without a server policy. */
    public AppliedAllowlist(String epoch, Long revision, SortedSet<Cidr> allowed, Map<String, String> skipped) {
        this(epoch, revision, allowed, skipped, null);
    }

    /** Nothing published yet: every public destination is dropped until the server speaks. */
    public static AppliedAllowlist empty() {
        return new AppliedAllowlist(null, null, new TreeSet<>(), Map.of());
    }

    public boolean isSynced() {
        return epoch != null;
    }

    /** Whether a delta starting at {@code fromRevision} of {@code deltaEpoch} follows on from this state. */
    public boolean continuesWith(String deltaEpoch, long fromRevision) {
        return Objects.equals(epoch, deltaEpoch) && revision != null && revision == fromRevision;
    }
}
