package io.egressgate.server.gateways;

import io.egressgate.server.allowlist.Change;
import io.egressgate.server.allowlist.Version;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The effective set at the newest revision the hub has published: what gateways are told to allow,
 * and so the only addresses whose traffic counters the server accepts from them.
 * <p>
 * Moved forward in place, on the hub's sync thread only: a copy of the whole set per revision cost
 * every delta milliseconds at 10,000 addresses and tens of them at 100,000. Stats frames read it on
 * any thread; a counter that arrives while its own address is being added or removed may count or not.
 */
final class Published {

    private final Set<String> cidrs = ConcurrentHashMap.newKeySet();
    private volatile Version version;

    Published(Version version, List<String> cidrs) {
        this.version = version;
        this.cidrs.addAll(cidrs);
    }

    Version version() {
        return version;
    }

    /** Applies a change from this revision on; sync thread only. */
    void advance(Change change) {
        if (!change.from().equals(version)) {
            throw new IllegalArgumentException("a change from " + change.from() + " does not apply to " + version);
        }
        cidrs.removeAll(change.remove());
        cidrs.addAll(change.add());
        version = new Version(version.epoch(), change.toRevision());
    }

    boolean contains(String cidr) {
        return cidrs.contains(cidr);
    }
}
