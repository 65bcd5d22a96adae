package io.egressgate.server.resolution;

import java.util.List;

/**
 * One domain as the resolver sees it now (kept in memory, so fresh after every answer).
 *
 * @param nextResolveAt epoch milliseconds
 * @param aliases       the CNAME chain of the last answer
 * @param capped        whether the last answer went over {@code max_addresses_per_domain}
 */
public record NameStatus(long ttlSeconds, long nextResolveAt, int failuresInARow, List<String> aliases,
                         List<String> skippedInternal, boolean capped, int droppedAtCap, long lastLookupMillis) {

    static NameStatus of(TrackedName n) {
        return new NameStatus(n.ttlSeconds, n.dueAt, n.failuresInARow, n.aliases, n.skippedInternal, n.capped,
                n.droppedAtCap, n.lastLookupMillis);
    }
}
