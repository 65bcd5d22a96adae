package io.egressgate.route.routes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Desired routes against the routes of one table, split into what must change. Only routes stamped
 * with our protocol are ever changed or removed; a desired route whose key is held by anybody else's
 * route is reported as {@code blocked} rather than overwritten, because {@code route replace} would
 * silently take it over.
 */
public record RouteDiff(List<Route> missing, List<Route> changed, List<KernelRoute> extra, List<Route> blocked) {

    public RouteDiff {
        missing = List.copyOf(missing);
        changed = List.copyOf(changed);
        extra = List.copyOf(extra);
        blocked = List.copyOf(blocked);
    }

    public static RouteDiff between(List<Route> desired, List<KernelRoute> actual, RouteProtocol owner) {
        Map<RouteKey, KernelRoute> owned = new LinkedHashMap<>();
        Set<RouteKey> foreign = new HashSet<>();
        for (KernelRoute route : actual) {
            if (route.ownedBy(owner)) {
                owned.putIfAbsent(route.key(), route);
            } else {
                foreign.add(route.key());
            }
        }
        List<Route> missing = new ArrayList<>();
        List<Route> changed = new ArrayList<>();
        List<Route> blocked = new ArrayList<>();
        Set<RouteKey> desiredKeys = new HashSet<>();
        for (Route route : desired) {
            desiredKeys.add(route.key());
            KernelRoute present = owned.get(route.key());
            if (present != null) {
                if (!present.satisfies(route)) {
                    changed.add(route);
                }
            } else if (foreign.contains(route.key())) {
                blocked.add(route);
            } else {
                missing.add(route);
            }
        }
        List<KernelRoute> extra = new ArrayList<>();
        for (KernelRoute route : actual) {
            if (route.ownedBy(owner) && !desiredKeys.contains(route.key())) {
                extra.add(route);
            }
        }
        return new RouteDiff(missing, changed, extra, blocked);
    }

    /** Whether the kernel needs any change; blocked routes need none from us. */
    public boolean isEmpty() {
        return missing.isEmpty() && changed.isEmpty() && extra.isEmpty();
    }

    public int changes() {
        return missing.size() + changed.size() + extra.size();
    }

    public RouteDiff plus(RouteDiff other) {
        return new RouteDiff(concat(missing, other.missing), concat(changed, other.changed),
                concat(extra, other.extra), concat(blocked, other.blocked));
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
