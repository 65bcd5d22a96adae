package io.egressgate.server.gateways;

import io.egressgate.server.allowlist.Change;
import io.egressgate.server.allowlist.Version;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The effective set at the newest revision the hub has published: what gateways are told to allow,
 * and so the only addresses whose traffic counters the server accepts from them.
 */
record Published(Version version, Set<String> cidrs) {

    Published {
        cidrs = Set.copyOf(cidrs);
    }

    static Published of(Version version, List<String> cidrs) {
        return new Published(version, new HashSet<>(cidrs));
    }

    Published advancedBy(Change change) {
        Set<String> next = new HashSet<>(cidrs);
        next.removeAll(change.remove());
        next.addAll(change.add());
        return new Published(new Version(version.epoch(), change.toRevision()), next);
    }

    boolean contains(String cidr) {
        return cidrs.contains(cidr);
    }
}
