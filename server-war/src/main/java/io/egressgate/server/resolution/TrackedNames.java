package io.egressgate.server.resolution;

import io.egressgate.names.DomainName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The domain entries the resolver knows, and what the API and the metrics show of them. Follows the
 * database: {@link #follow} adds new entries and forgets deleted ones that are not being looked up.
 */
final class TrackedNames {

    private static final Logger LOG = Logger.getLogger(TrackedNames.class.getName());

    private final Map<Long, TrackedName> names = new ConcurrentHashMap<>();
    private final Set<Long> unusable = ConcurrentHashMap.newKeySet();

    /** Makes the tracked names those of {@code current} (entry id to domain), new ones due at {@code now}. */
    void follow(Map<Long, String> current, long now) {
        names.values().removeIf(name -> !current.containsKey(name.entryId) && !busy(name));
        current.forEach((id, value) -> {
            try {
                track(id, value, now);
            } catch (IllegalArgumentException e) {
                // stored before a stricter rule? one bad value must not stop the others
                if (unusable.add(id)) {
                    LOG.warning(() -> "resolver: entry " + id + " is not a domain it can resolve: " + e.getMessage());
                }
            }
        });
    }

    /** The name of this entry, tracked from now on if it was not. */
    TrackedName track(long id, String value, long dueAt) {
        return names.computeIfAbsent(id, key -> new TrackedName(key, DomainName.parse(value), dueAt));
    }

    TrackedName get(long entryId) {
        return names.get(entryId);
    }

    TrackedName forget(long entryId) {
        return names.remove(entryId);
    }

    Collection<TrackedName> all() {
        return new ArrayList<>(names.values());
    }

    List<TrackedName> dueBy(long now) {
        List<TrackedName> due = new ArrayList<>();
        names.values().forEach(name -> {
            if (name.dueAt <= now) {
                due.add(name);
            }
        });
        return due;
    }

    private static boolean busy(TrackedName name) {
        synchronized (name) {
            return name.busy;
        }
    }

    // ---- what the API and the metrics show

    Optional<NameStatus> status(long entryId) {
        TrackedName name = names.get(entryId);
        return name == null ? Optional.empty() : Optional.of(NameStatus.of(name));
    }

    int size() {
        return names.size();
    }

    long failing() {
        return names.values().stream().filter(n -> n.failuresInARow > 0).count();
    }

    long atCap() {
        return names.values().stream().filter(n -> n.capped).count();
    }

    long due() {
        long now = System.currentTimeMillis();
        return names.values().stream().filter(n -> n.dueAt <= now).count();
    }
}
