package io.egressgate.gateway.dataplane;

import io.egressgate.addresses.Cidr;

import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * Enforces the allowlist in the kernel. Implementations keep the desired state in memory so that
 * {@link #reconcile()} can put the kernel back after someone else changed it. Calls are serialised
 * by the implementation; every method may be called from any thread.
 */
public interface Dataplane {

    /**
     * Makes the kernel forward exactly to {@code allowed} (plus the untouched internal ranges).
     * Members are replaced all at once, so there is never an empty or half-filled allowlist.
     * Applying the same set twice changes nothing.
     */
    void replaceAll(SortedSet<Cidr> allowed);

    /** Adds and removes destinations in one batch; the desired state becomes the result. */
    void change(Set<Cidr> added, Set<Cidr> removed);

    /** Reads what the kernel holds, repairs any difference from the desired state, says what it repaired. */
    Drift reconcile();

    /** Per-destination counters, read in one batch. */
    Map<Cidr, Traffic> traffic();

    /** Removes every set, chain and rule the gateway owns, and nothing else. */
    void uninstall();
}
